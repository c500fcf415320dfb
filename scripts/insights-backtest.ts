/**
 * `npm run insights:backtest [-- --now 2026-12-03T12:00:00Z]`: how far target forecasts would have
 * been from what happened on the demo history. Every seller's and every team's daily lead score is
 * replayed through scoring/insights/forecast-backtest.ts (a forecast at the end of each day of each
 * complete week and month but the last), beside a naive pace (so far ÷ days gone × days) that
 * ignores the weekday rhythm. Pure computation: no server. The figures go in docs/insights.md.
 */
import { backtestForecasts, type DailySeries } from "../scoring/insights/forecast-backtest.ts";
import { demoDocument, demoParticipants } from "./demo/social-selling.ts";
import { DEMO_WEEKS, demoEvents, PLANTED, reweightDay } from "./demo/social-selling-events.ts";

const DAY_MS = 86_400_000;
const arg = process.argv.indexOf("--now");
const now = Date.parse(arg > 0 ? process.argv[arg + 1] : "2026-12-03T12:00:00Z");
if (Number.isNaN(now)) throw new Error("--now takes an instant such as 2026-12-03T12:00:00Z");

const participants = demoParticipants();
const events = demoEvents(now, participants);
const doc = demoDocument("2000-01-01");
const reweighted = reweightDay(now);
const leads = new Map(doc.metrics.filter((m) => m.indicator === "lead").map((m) => [m.key, m]));
// The demo's days are London days; its events fall between 07:00 and 19:00 UTC, so on the UTC date.
const dayOf = (iso: string) => iso.slice(0, 10);
const firstDay = dayOf(events[0].occurredAt);
const today = dayOf(new Date(now).toISOString());
const days = Math.round((Date.parse(today) - Date.parse(firstDay)) / DAY_MS);
const indexOf = (day: string) => Math.round((Date.parse(day) - Date.parse(firstDay)) / DAY_MS);

// Daily units per participant and metric, then capped and weighted as scoring does.
const units = new Map<string, number>();
for (const e of events) {
  if (!leads.has(e.metric)) continue;
  const key = `${e.participant} ${e.metric} ${dayOf(e.occurredAt)}`;
  units.set(key, (units.get(key) ?? 0) + (e.value ?? 1));
}
const score = new Map(participants.map((p) => [p.id, new Array<number>(days).fill(0)]));
for (const [key, u] of units) {
  const [participant, metric, day] = key.split(" ");
  const i = indexOf(day);
  if (i >= days) continue; // today is not complete
  const m = leads.get(metric)!;
  const points = metric === PLANTED.reweight.metric && day >= reweighted ? PLANTED.reweight.points : m.points;
  score.get(participant)![i] += Math.min(u, m.dailyCap ?? Infinity) * points;
}

const sellers = participants.filter((p) => p.optedIn).map((p) => score.get(p.id)!);
const teams = [...new Set(participants.map((p) => p.team))].map((team) =>
  participants.filter((p) => p.optedIn && p.team === team).reduce((sum, p) => sum.map((x, i) => x + score.get(p.id)![i]), new Array<number>(days).fill(0)),
);

/** Mean absolute percentage error of the naive pace over the same forecasts as backtestForecasts makes. */
function naive(series: DailySeries, kind: "week" | "month"): { error: number; n: number } {
  let error = 0;
  let n = 0;
  const start = Date.parse(series.firstDay);
  for (let i = 0; i < series.dailyUnits.length; ) {
    const d = new Date(start + i * DAY_MS);
    const from = kind === "week" ? i - ((d.getUTCDay() + 6) % 7) : i - (d.getUTCDate() - 1);
    const length = kind === "week" ? 7 : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    i = from + length;
    if (from < 0 || i > series.dailyUnits.length) continue;
    const period = series.dailyUnits.slice(from, i);
    const truth = period.reduce((a, b) => a + b, 0);
    if (truth === 0) continue;
    for (let elapsed = 1; elapsed < length; elapsed++) {
      const forecast = (period.slice(0, elapsed).reduce((a, b) => a + b, 0) / elapsed) * length;
      error += Math.abs(forecast - truth) / truth;
      n++;
    }
  }
  return { error, n };
}

const percent = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)}%`);
console.log(`Target forecasts back-tested on the demo history: ${DEMO_WEEKS} weeks to ${new Date(now).toISOString()}, lead score per day`);
console.log("subject  period  periods  forecasts  error (pace × weekday profile)  error (naive pace)");
for (const [name, group] of [
  ["sellers", sellers],
  ["teams", teams],
] as const) {
  for (const kind of ["week", "month"] as const) {
    let error = 0;
    let forecasts = 0;
    let periods = 0;
    let naiveError = 0;
    let naiveN = 0;
    for (const dailyUnits of group) {
      const series = { firstDay, dailyUnits };
      const b = backtestForecasts(series, kind);
      error += (b.meanAbsolutePercentageError ?? 0) * b.forecasts;
      forecasts += b.forecasts;
      periods += b.periods;
      const n = naive(series, kind);
      naiveError += n.error;
      naiveN += n.n;
    }
    const mape = forecasts === 0 ? null : error / forecasts;
    console.log(
      `${name.padEnd(8)} ${kind.padEnd(7)} ${String(periods).padStart(7)}  ${String(forecasts).padStart(9)}  ${percent(mape).padStart(30)}  ${percent(naiveN === 0 ? null : naiveError / naiveN).padStart(18)}`,
    );
  }
}
console.log("error: mean absolute percentage error of forecasts made at the end of each day of a period but its last.");
