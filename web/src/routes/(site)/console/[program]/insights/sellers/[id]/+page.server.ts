import { enc, read } from "$lib/server/api";
import type { Target } from "$lib/types";
import type { PageServerLoad } from "./$types";

export interface SellerHistory {
  id: string;
  team: string | null;
  teamName: string | null;
  weeks: { label: string; score: number; teamMean: number | null }[];
}

export interface SellerCard {
  id: string;
  displayName: string;
  score: number;
  rank: number | null;
  of: number | null;
  period: { label: string };
  byMetric: { metric: string; indicator: "lead" | "lag"; units: number; cappedUnits: number; points: number }[];
  targets: Target[];
  streak: { current: number; longest: number };
}

export const load: PageServerLoad = async (event) => {
  const base = `/v1/programs/${enc(event.params.program)}/participants/${enc(event.params.id)}`;
  const week = event.url.searchParams.get("week");
  const at = week ? `&at=${enc(week)}` : "";
  const [history, card] = await Promise.all([
    read<SellerHistory>(event, `${base}/history?weeks=12${at}`, "manager"),
    read<SellerCard>(event, `${base}/score?period=week${at}`, "manager"),
  ]);
  return { history, card };
};
