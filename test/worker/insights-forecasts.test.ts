/**
 * Target forecasts at a fixed clock (Thursday 2026-11-19, 12:00 UTC) on steady histories: score
 * cards' own targets and the dashboard's team targets carry `forecast` and `forecastStatus`.
 * A steady pace lands within 10% of where it is heading; a seller who does everything on Mondays
 * is not forecast to do more on Thursday; an ended period's forecast is what happened.
 */
import { describe, expect, it, vi } from "vitest";
import type { Program } from "./reads";
import { call, get, insightProgram, metric, on, weekBack } from "./insights-helpers";
import { post } from "./reads";

vi.setConfig({ testTimeout: 60_000 });

const target = (key: string, subject: object, m: string | null, period: string, value: number) => ({ key, subject, metric: m, period, value });

async function steadyProgram() {
  const p = await insightProgram({
    teamAggregation: "mean",
    metrics: [metric("pts", "lead", "sum", 1), metric("calls", "lead", "count", 0.5)],
    teams: [{ key: "crew", name: "Crew", parent: null }],
    targets: [
      target("far", { participant: "steady" }, null, "week", 100),
      target("near", { participant: "steady" }, null, "week", 52),
      target("done", { participant: "steady" }, null, "week", 35),
      target("month", { participant: "steady" }, null, "month", 180),
      target("monday", { participant: "monday" }, null, "week", 60),
      target("calls", { participant: "caller" }, "calls", "month", 100),
      target("crew", { team: "crew" }, null, "week", 40),
      target("crew-last", { team: "crew" }, null, "week", 40),
    ],
  });
  const people = ["steady", "monday", "caller", "c2", "c3"].map((id) => ({
    id,
    displayName: id,
    team: id === "steady" || (id[0] === "c" && id !== "caller") ? "crew" : null,
    cohort: null,
  }));
  expect((await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: people } })).status).toBe(200);
  const events: { participant: string; metric: string; occurredAt: string; value?: number }[] = [];
  // From Monday of W37 to Thursday 19 November, 09:00: weekdays for the steady ones, Mondays only for "monday", 4 calls a day for "caller".
  for (let day = Date.parse(`${weekBack(10).monday}T09:00:00Z`); day <= Date.parse("2026-11-19T09:00:00Z"); day += 86_400_000) {
    const at = new Date(day).toISOString();
    const weekday = new Date(day).getUTCDay();
    if (weekday >= 1 && weekday <= 5) for (const who of ["steady", "c2", "c3"]) events.push({ participant: who, metric: "pts", occurredAt: at, value: 10 });
    if (weekday === 1) events.push({ participant: "monday", metric: "pts", occurredAt: at, value: 50 });
    for (let k = 0; k < 4; k++) events.push({ participant: "caller", metric: "calls", occurredAt: at });
  }
  await post(call, p, events);
  return p;
}

const byKey = (targets: { key: string }[]) => Object.fromEntries(targets.map((t) => [t.key, t])) as Record<string, any>;
const within10 = (forecast: number, truth: number) => expect(Math.abs(forecast - truth) / truth).toBeLessThan(0.1);

describe("target forecasts", () => {
  it("score cards: a steady pace, a weekday rhythm, and the three statuses", async () => {
    const p = await steadyProgram();
    const steady = byKey((await get(p, "/participants/steady/score")).body.targets);
    // Mon–Wed complete (30 points) at 10 a weekday: the week is heading for 50 (40 so far, Thursday's included).
    expect(steady.far).toMatchObject({ actual: 40, forecast: 50, forecastStatus: "will_miss" });
    expect(steady.near).toMatchObject({ actual: 40, forecast: 50, forecastStatus: "at_risk" });
    expect(steady.done).toMatchObject({ actual: 40, forecast: 50, forecastStatus: "will_meet" });
    // November has 21 weekdays: 210 points at this pace.
    within10(steady.month.forecast, 210);
    expect(steady.month).toMatchObject({ actual: 140, forecastStatus: "will_meet" });

    // Everything happens on Mondays: on Thursday the week is done, not a third of the way.
    const monday = byKey((await get(p, "/participants/monday/score")).body.targets);
    expect(monday.monday).toMatchObject({ actual: 50, forecast: 50, forecastStatus: "will_miss" });

    // 4 calls every day: 120 in November (capped units of the metric, not points).
    const caller = byKey((await get(p, "/participants/caller/score")).body.targets);
    within10(caller.calls.forecast, 120);
    expect(caller.calls).toMatchObject({ actual: 76, forecastStatus: "will_meet" });

    // An ended week: the forecast is what happened.
    const last = byKey((await get(p, `/participants/steady/score?at=${weekBack(1).label}`)).body.targets);
    expect(last.far).toMatchObject({ actual: 50, forecast: 50, forecastStatus: "will_miss" });
    expect(last.done).toMatchObject({ actual: 50, forecast: 50, forecastStatus: "will_meet" });
  });

  it("the dashboard's team targets: a mean team score forecast from its members' sum", async () => {
    const p = await steadyProgram();
    const res = await get(p, "/dashboard");
    expect(res.status).toBe(200);
    const crew = byKey(res.body.targets).crew;
    // Three members at 10 a weekday each: the mean heads for 50 this week.
    expect(crew).toMatchObject({ team: "crew", actual: 40, forecastStatus: "will_meet" });
    within10(crew.forecast, 50);
    const last = byKey((await get(p, `/dashboard?at=${weekBack(1).label}`)).body.targets).crew;
    expect(last).toMatchObject({ actual: 50, forecast: 50, forecastStatus: "will_meet" });
  });

  it("the dashboard's team targets follow the writes after a read: a late event, an opt-out, a team move", async () => {
    // Two programs see the same writes; one reads its dashboard before the last three (filling what it keeps between reads).
    const setUp = async () => {
      const p = await insightProgram({
        metrics: [metric("pts", "lead", "sum", 1)],
        teams: [
          { key: "region", name: "Region", parent: null },
          { key: "crew", name: "Crew", parent: "region" },
        ],
        targets: [target("region", { team: "region" }, null, "week", 300), target("crew", { team: "crew" }, null, "month", 900)],
      });
      const people = (bTeam: string) => ["a", "b", "c"].map((id) => ({ id, displayName: id, team: id === "b" ? bTeam : "crew", cohort: null }));
      expect((await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: people("crew") } })).status).toBe(200);
      const events = [];
      for (let w = 0; w <= 9; w++) {
        const { monday } = weekBack(w);
        for (let d = 0; d < 5; d++)
          for (const who of ["a", "b", "c"]) events.push({ participant: who, metric: "pts", occurredAt: on(monday, d, 9), value: 5 + (w % 3) + d });
      }
      await post(
        call,
        p,
        events.filter((e) => e.occurredAt < "2026-11-19T10:00:00Z"),
      );
      return { p, later: () => people("region") };
    };
    const writes = async (p: Program, people: object[]) => {
      await post(call, p, [{ participant: "a", metric: "pts", occurredAt: on(weekBack(3).monday, 2, 15), value: 40 }]);
      expect((await call("POST", `${p.base}/participants/c/opt-out`, { key: p.adminKey, body: {} })).status).toBe(200);
      expect((await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: people } })).status).toBe(200);
    };
    const read = async (p: Program) => (await get(p, "/dashboard")).body.targets.map((t: any) => [t.key, t.actual, t.forecast, t.forecastStatus]);

    const seen = await setUp();
    const before = await read(seen.p);
    await writes(seen.p, seen.later());
    const fresh = await setUp();
    await writes(fresh.p, fresh.later());
    const after = await read(seen.p);
    expect(after).toEqual(await read(fresh.p));
    expect(after).not.toEqual(before);
  });
});
