/** The seller's scorecard, read with their own participant token (from their private link). */
import { fail as formFail, redirect } from "@sveltejs/kit";
import { callApi, enc, errorMessage, SELLER_COOKIE } from "$lib/server/api";
import { nextUp } from "$lib/server/next-up";
import type { Span } from "$lib/periods";
import { parsePeriod, periodOf, parseLocalDate } from "$scoring/periods";
import type { EarnedBadge, GameRules, Level, Summary, Target } from "$lib/types";
import type { Actions, PageServerLoad } from "./$types";

interface Me {
  kind: "participant";
  program: { slug: string; name: string; timezone: string; requireOptIn: boolean; visibility: string };
  participant: { id: string; displayName: string; team: string | null; cohort: string | null; optedIn: boolean };
}

export const load: PageServerLoad = async (event) => {
  if (!event.cookies.get(SELLER_COOKIE)) return { signedIn: false as const, invalidLink: event.url.searchParams.get("link") === "invalid" };
  const me = await callApi<Me>(event, "GET", "/v1/me", { as: "seller" });
  if (!me.ok || me.body.kind !== "participant") {
    event.cookies.delete(SELLER_COOKIE, { path: "/" });
    return { signedIn: false as const, invalidLink: true };
  }
  const { program, participant } = me.body;
  const base = `/v1/programs/${enc(program.slug)}`;
  const self = `${base}/participants/${enc(participant.id)}`;
  const [summary, score, history, weeks, span, allTime, game] = await Promise.all([
    callApi<Summary>(event, "GET", `${base}/summary`, { as: "seller" }),
    callApi<ScoreCard>(event, "GET", `${self}/score?period=week`, { as: "seller" }),
    callApi<History>(event, "GET", `${self}/history?weeks=12`, { as: "seller" }),
    callApi<{ weeks: string[] }>(event, "GET", `${base}/reports/weekly`, { as: "seller" }),
    callApi<Span>(event, "GET", `${base}/span`, { as: "seller" }),
    // The all-time score is what levels measure; the game's rules say what is still to earn.
    callApi<ScoreCard>(event, "GET", `${self}/score?period=all`, { as: "seller" }),
    callApi<GameRules>(event, "GET", `${base}/game`, { as: "seller" }),
  ]);
  const latestWeek = weeks.ok ? weeks.body.weeks[0] : undefined;
  const card = score.ok ? score.body : null;
  const [digest, passing] = await Promise.all([
    latestWeek ? callApi(event, "GET", `${self}/reports/weekly/${enc(latestWeek)}`, { as: "seller" }) : null,
    card ? nextUp(event, program.slug, participant.id, card.period.label, card, "seller") : null,
  ]);
  return {
    signedIn: true as const,
    program,
    participant,
    summary: summary.ok ? summary.body : null,
    score: card,
    nextUp: passing,
    history: history.ok ? { ...history.body, weeks: withinProgram(history.body.weeks, span.ok ? span.body : null) } : null,
    digest: digest?.ok ? (digest.body as Digest) : null,
    allTimeScore: allTime.ok ? allTime.body.score : null,
    game: game.ok ? game.body : { badges: [], levels: [] },
  };
};

/**
 * The weeks from the program's first on, each marked `inProgress` where it has not ended (the
 * current week: its score is still growing, so the chart does not draw it as a finished week).
 */
function withinProgram(weeks: History["weeks"], span: Span | null): (History["weeks"][number] & { inProgress: boolean })[] {
  const current = span ? periodOf("week", parseLocalDate(span.today)!).label : null;
  return weeks.filter((w) => !span || parsePeriod("week", w.label)!.endDay! > span.firstDay).map((w) => ({ ...w, inProgress: w.label === current }));
}

export interface ScoreCard {
  score: number;
  rank: number | null;
  of: number | null;
  percentile: number | null;
  cohort: { name: string; rank: number; of: number; percentile: number } | null;
  period: { label: string; start: string; end: string };
  /** A gauge's entry also has its latest `reading` and its `change` over the period (SPEC §5.1). */
  byMetric: {
    metric: string;
    indicator: "lead" | "lag";
    units: number;
    cappedUnits: number;
    points: number;
    reading?: number | null;
    change?: number | null;
  }[];
  targets: Target[];
  streak: { current: number; longest: number };
  badges: EarnedBadge[];
  level: Level | null;
}
export interface History {
  team: string | null;
  teamName: string | null;
  weeks: { label: string; start: string; score: number; teamMean: number | null }[];
}
export interface Digest {
  week: string;
  score: number;
  previousScore: number;
  scoreChange: number;
  rank: number | null;
  of: number | null;
  power100: { rank: number; previousRank: number | null; rankChange: number | null } | null;
  coaching: { metric: string; message: string } | null;
}

async function toggle(event: Parameters<Actions[string]>[0], optIn: boolean) {
  const me = await callApi<Me>(event, "GET", "/v1/me", { as: "seller" });
  if (!me.ok) redirect(303, "/me");
  const { program, participant } = me.body;
  const answer = await callApi(event, "POST", `/v1/programs/${enc(program.slug)}/participants/${enc(participant.id)}/${optIn ? "opt-in" : "opt-out"}`, {
    as: "seller",
    body: {},
  });
  if (!answer.ok) return formFail(answer.status, { message: errorMessage(answer) });
  return { done: optIn ? "You are in: your scores now count and you appear on the boards." : "You are out: you no longer appear on boards or in new reports." };
}

export const actions: Actions = {
  optIn: (event) => toggle(event, true),
  optOut: (event) => toggle(event, false),
  forget: async (event) => {
    event.cookies.delete(SELLER_COOKIE, { path: "/" });
    redirect(303, "/me");
  },
};
