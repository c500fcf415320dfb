/** How far a seller is from the next person up their board: "7.5 points to pass #16". */
import type { RequestEvent } from "@sveltejs/kit";
import type { Board } from "$lib/types";
import { callApi, enc, type Who } from "./api";

export interface NextUp {
  rank: number;
  gap: number;
}

/** Scores have at most 4 decimals: compared and subtracted in whole ten-thousandths. */
const units = (score: number) => Math.round(score * 10_000);

export async function nextUp(
  event: RequestEvent,
  slug: string,
  id: string,
  week: string,
  me: { rank: number | null; score: number },
  as: Who,
): Promise<NextUp | null> {
  if (me.rank === null || me.rank <= 1) return null;
  const board = (extra: string) => callApi<Board>(event, "GET", `/v1/programs/${enc(slug)}/leaderboard?period=week&at=${enc(week)}&${extra}`, { as });
  // The page centred on the seller shows the people just above them…
  const around = await board(`around=${enc(id)}&limit=21`);
  let above = around.ok ? around.body.entries.filter((e) => units(e.score) > units(me.score)) : [];
  // …unless a long tie above hides them: then the last of the rank − 1 people above, read from the top.
  if (above.length === 0 && me.rank - 1 <= 1000) {
    const top = await board(`limit=${me.rank - 1}`);
    above = top.ok ? top.body.entries.filter((e) => units(e.score) > units(me.score)) : [];
  }
  const next = above.at(-1);
  return next ? { rank: next.rank, gap: (units(next.score) - units(me.score)) / 10_000 } : null;
}
