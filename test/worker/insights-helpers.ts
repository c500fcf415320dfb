/** Test helpers of the manager insights: a seeded random source, week dates, and a program on a fixed clock. */
import { parsePeriod } from "../../scoring/periods";
import { seededRandom } from "../../scripts/demo/random";
import { apiAt, newProgram, type Answer } from "./api";
import type { Program } from "./reads";

// Thursday 2026-11-19, 12:00 UTC: the last ended week is 2026-W46 (9–15 November).
export const NOW = Date.parse("2026-11-19T12:00:00Z");
export const call = apiAt(() => NOW);

/** mulberry32, as the demo seeds with: the same numbers on every run. */
export const seeded = seededRandom;

/** The `n`-th week before 2026-W47 (1 = W46, the last ended one) as its label and Monday. */
export function weekBack(n: number): { label: string; monday: string } {
  const monday = new Date(Date.UTC(2026, 10, 16) - n * 7 * 86_400_000).toISOString().slice(0, 10);
  return { label: parsePeriod("week", monday)!.label, monday };
}

/** An instant on the day `offset` days after `monday`, at `hour` UTC. */
export const on = (monday: string, offset: number, hour = 12) =>
  new Date(Date.parse(`${monday}T00:00:00Z`) + offset * 86_400_000 + hour * 3_600_000).toISOString();

export const metric = (key: string, indicator: "lead" | "lag", aggregation: "count" | "sum", points: number, dailyCap: number | null = null) => ({
  key,
  name: key[0].toUpperCase() + key.slice(1),
  indicator,
  aggregation,
  points,
  dailyCap,
});

/** A UTC program that does not require opt-in (every participant counts from their first activity). */
export async function insightProgram(overrides: Record<string, unknown>): Promise<Program> {
  return newProgram({ name: "Insights", timezone: "UTC", requireOptIn: false, visibility: "private", teamAggregation: "sum", ...overrides }, call);
}

/** GET as the program's admin. */
export const get = (p: Program, path: string): Promise<Answer> => call("GET", `${p.base}${path}`, { key: p.adminKey });
