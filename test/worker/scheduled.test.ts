/**
 * The scheduled job (publishEndedWeeks, runScheduled, the worker's scheduled handler) at fixed
 * clocks: each program gets its report once its own week has ended (Pacific/Auckland many hours
 * before America/Los_Angeles), within the hour; a program made after the week ended gets none;
 * runs repeated or at once store one report and enqueue one delivery per webhook; and a week that
 * crosses the year boundary (2026-W53).
 */
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { DELIVERY_CRON, publishEndedWeeks, REPORT_CRON, runScheduled } from "../../worker/scheduled";
import { deliverDue } from "../../worker/webhooks/deliveries";
import { engineOf } from "../../worker/engine/client";
import { firstInstant } from "../scoring/reference-calendar";
import wranglerToml from "../../wrangler.toml?raw";
import { engineCount, expectError, programId } from "./checks";
import type { Program } from "./reads";
import {
  DEAL,
  HOUR,
  PTS,
  type Clock,
  clocked,
  db,
  deliveries,
  generated,
  hook,
  iso,
  ms,
  participantsAt,
  postAt,
  programAt,
  received,
  report,
  rows,
  subscribe,
  weeks,
} from "./weekly";

// Many API calls a test: on a machine busy with other suites they outlast the 5-second default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

/** 2026-W47 (16–22 November) ends at local midnight on Monday 23 November. */
const W47_END: Record<string, string> = {
  "Pacific/Auckland": "2026-11-22T11:00:00Z", // NZDT, UTC+13
  "Asia/Kolkata": "2026-11-22T18:30:00Z", // UTC+5:30
  "Europe/London": "2026-11-23T00:00:00Z", // GMT
  "America/Los_Angeles": "2026-11-23T08:00:00Z", // PST, UTC−8
};
const ZONES = Object.keys(W47_END);

/** Which of the programs have a stored report for the week. */
async function reported(clock: Clock, programs: Record<string, Program>, week: string) {
  const found: string[] = [];
  for (const [zone, p] of Object.entries(programs)) if ((await report(clock.call, p, week)).status === 200) found.push(zone);
  return found;
}

describe("each program on its own zone's schedule", () => {
  it("publishes 2026-W47 at the first hourly run after its end, zone by zone", async () => {
    // Made on Wednesday of W47, after W46 ended everywhere: the job owes them nothing for W46.
    const clock = clocked("2026-11-18T12:00:00Z");
    const programs: Record<string, Program> = {};
    for (const zone of ZONES) {
      programs[zone] = await programAt(clock, { timezone: zone, metrics: [PTS], requireOptIn: false });
      await participantsAt(clock, programs[zone], [{ id: "sunday" }, { id: "monday" }], false);
    }
    // The independent calendar agrees with the hand-computed ends.
    for (const zone of ZONES) expect(iso(firstInstant("2026-11-23", zone))).toBe(iso(ms(W47_END[zone])));
    // Half an hour before local midnight ending Sunday, and ten minutes after it.
    clock.set("2026-11-23T09:00:00Z");
    for (const zone of ZONES) {
      const end = ms(W47_END[zone]);
      await postAt(clock, programs[zone], [
        { participant: "sunday", metric: "pts", occurredAt: iso(end - HOUR / 2), value: 3 },
        { participant: "monday", metric: "pts", occurredAt: iso(end + HOUR / 6), value: 5 },
      ]);
    }

    const mine = (published: string[]) => ZONES.filter((zone) => published.includes(programs[zone].program));
    const runs: [string, string[]][] = [
      ["2026-11-22T10:00:00Z", []],
      [iso(ms(W47_END["Pacific/Auckland"]) - 1), []],
      ["2026-11-22T11:00:00Z", ["Pacific/Auckland"]], // the very instant Auckland's week ends
      ["2026-11-22T12:00:00Z", []],
      ["2026-11-22T18:00:00Z", []],
      ["2026-11-22T19:00:00Z", ["Asia/Kolkata"]], // 30 minutes after its end
      ["2026-11-22T23:59:59Z", []],
      ["2026-11-23T00:00:00Z", ["Europe/London"]],
      ["2026-11-23T07:00:00Z", []],
      ["2026-11-23T08:00:00Z", ["America/Los_Angeles"]],
      ["2026-11-23T09:00:00Z", []],
    ];
    const expectedSoFar: string[] = [];
    for (const [at, expected] of runs) {
      expect(mine(await publishEndedWeeks(env, db(), ms(at))), at).toEqual(expected);
      expectedSoFar.push(...expected);
      expect(await reported(clock, programs, "2026-W47"), at).toEqual(ZONES.filter((z) => expectedSoFar.includes(z)));
    }
    // At 12:00Z on the 22nd Auckland's week had ended and Los Angeles' had not: nothing for LA then.
    for (const zone of ZONES) {
      const r = (await report(clock.call, programs[zone], "2026-W47")).body;
      const end = ms(W47_END[zone]);
      expect(r.period.end).toBe(iso(end));
      expect(ms(r.generatedAt) - end).toBeGreaterThanOrEqual(0);
      expect(ms(r.generatedAt) - end).toBeLessThanOrEqual(HOUR);
      // The Sunday-night event is in the week; the Monday one is not.
      expect(rows(r.entries)).toEqual([[1, "sunday", 3, null, null, 3]]);
      expect(await weeks(clock.call, programs[zone])).toEqual(["2026-W47"]);
    }
  });

  it("gives nothing to a program made after the week ended, and its first week once that ends", async () => {
    const clock = clocked("2026-11-23T00:10:00Z"); // ten minutes into 2026-W48 in London
    const late = await programAt(clock, { timezone: "Europe/London", metrics: [PTS], requireOptIn: false });
    await participantsAt(clock, late, [{ id: "a" }], false);
    // Events of W47 sent after the fact still do not earn it a W47 report from the job.
    await postAt(clock, late, [{ participant: "a", metric: "pts", occurredAt: "2026-11-20T10:00:00Z", value: 4 }]);
    expect(await publishEndedWeeks(env, db(), ms("2026-11-23T01:00:00Z"))).not.toContain(late.program);
    expect(await publishEndedWeeks(env, db(), ms("2026-11-29T23:00:00Z"))).not.toContain(late.program);
    expect(await weeks(clock.call, late)).toEqual([]);
    expectError(await report(clock.call, late, "2026-W47"), 404);
    // An admin may still ask for it.
    clock.set("2026-11-29T23:00:00Z");
    expect((await generated(clock.call, late, "2026-W47")).total).toBe(1);

    expect(await publishEndedWeeks(env, db(), ms("2026-11-30T00:00:00Z"))).toContain(late.program);
    expect(await weeks(clock.call, late)).toEqual(["2026-W48", "2026-W47"]);
  });
});

describe("catching up", () => {
  it("publishes the weeks a stopped job missed at its next run, oldest first, and only those", async () => {
    // Made on Monday of W45; the job does not run again until W48 has begun.
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { timezone: "Europe/London", metrics: [PTS], requireOptIn: false });
    await participantsAt(clock, p, [{ id: "a" }, { id: "b" }], false);
    clock.set("2026-11-22T12:00:00Z");
    await postAt(clock, p, [
      { participant: "a", metric: "pts", occurredAt: "2026-11-03T10:00:00Z", value: 2 },
      { participant: "b", metric: "pts", occurredAt: "2026-11-11T10:00:00Z", value: 5 },
      { participant: "a", metric: "pts", occurredAt: "2026-11-18T10:00:00Z", value: 1 },
    ]);
    expect(await publishEndedWeeks(env, db(), ms("2026-11-23T01:00:00Z"))).toContain(p.program);
    expect(await weeks(clock.call, p)).toEqual(["2026-W47", "2026-W46", "2026-W45"]);
    const generatedAt = async (week: string) => ms((await report(clock.call, p, week)).body.generatedAt);
    expect(await generatedAt("2026-W45")).toBeLessThanOrEqual(await generatedAt("2026-W46"));
    expect(rows((await report(clock.call, p, "2026-W46")).body.entries)).toEqual([[1, "b", 5, null, null, 5]]);
    // Nothing is left to catch up: the next run publishes nothing for it.
    expect(await publishEndedWeeks(env, db(), ms("2026-11-23T02:00:00Z"))).not.toContain(p.program);
  });
});

describe("isolation", () => {
  it("one program that cannot be reported does not hold back the others", async () => {
    const clock = clocked("2026-11-18T12:00:00Z");
    const broken = await programAt(clock, { timezone: "Europe/London", metrics: [PTS] });
    const sound = await programAt(clock, { timezone: "Europe/London", metrics: [PTS] });
    // A program the job cannot handle (here, a zone this runtime does not know), met before the sound
    // one. The engine keeps the zone in its program_state row and, loaded from it on start, in memory:
    // both are set, as a restart would load them.
    const engine = engineOf(env, await programId(broken.program));
    const setZone = (zone: string) =>
      runInDurableObject(engine, (instance, state) => {
        const { value } = state.storage.sql.exec<{ value: string }>("SELECT value FROM program_state WHERE key = 'program'").one();
        const program = { ...JSON.parse(value), timezone: zone };
        state.storage.sql.exec("UPDATE program_state SET value = ? WHERE key = 'program'", JSON.stringify(program));
        // biome-ignore lint/complexity/useLiteralKeys: the engine's state is private; brackets reach it
        instance["state"].setProgram(program);
      });
    await setZone("Mars/Olympus_Mons");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const published = await publishEndedWeeks(env, db(), ms("2026-11-23T01:00:00Z"));
      expect(published).toContain(sound.program);
      expect(published).not.toContain(broken.program);
      expect(errors).toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      await setZone("Europe/London");
    }
    expect(await weeks(clock.call, sound)).toEqual(["2026-W47"]);
    // The next run makes up for it.
    expect(await publishEndedWeeks(env, db(), ms("2026-11-23T02:00:00Z"))).toContain(broken.program);
  });
});

describe("idempotence", () => {
  async function programWithHooks(stem: string) {
    const clock = clocked("2026-11-18T12:00:00Z");
    const p = await programAt(clock, { timezone: "Pacific/Auckland", metrics: [PTS], requireOptIn: false });
    await participantsAt(clock, p, [{ id: "a" }, { id: "b" }], false);
    await postAt(clock, p, [
      { participant: "a", metric: "pts", occurredAt: "2026-11-18T11:00:00Z", value: 2 },
      { participant: "b", metric: "pts", occurredAt: "2026-11-18T11:30:00Z", value: 1 },
    ]);
    const json = hook(`${stem}-json`);
    const slack = hook(`${stem}-slack`);
    const hooks = [
      { ...json, id: (await subscribe(clock.call, p, json.url, "json")).body.id as number },
      { ...slack, id: (await subscribe(clock.call, p, slack.url, "slack")).body.id as number },
    ];
    return { clock, p, hooks };
  }

  it("running the job twice stores one report and one delivery per webhook", async () => {
    const { clock, p, hooks } = await programWithHooks("twice");
    const at = ms("2026-11-22T11:00:00Z");
    expect(await publishEndedWeeks(env, db(), at)).toContain(p.program);
    const first = (await report(clock.call, p, "2026-W47")).body;
    expect(await publishEndedWeeks(env, db(), at)).not.toContain(p.program);
    expect(await publishEndedWeeks(env, db(), at + HOUR)).not.toContain(p.program);
    expect((await report(clock.call, p, "2026-W47")).body).toEqual(first);
    expect(first.generatedAt).toBe(iso(at));
    for (const h of hooks) expect((await deliveries(clock.call, p, h.id)).map((d) => d.status)).toEqual(["pending"]);

    await deliverDue(db(), at + 1000);
    await deliverDue(db(), at + 2000);
    for (const h of hooks) {
      expect(await received(h.name)).toHaveLength(1);
      expect((await deliveries(clock.call, p, h.id)).map((d) => d.status)).toEqual(["delivered"]);
    }
    expect(await weeks(clock.call, p)).toEqual(["2026-W47"]);
  });

  it("two runs at once store one report and one delivery per webhook, delivered once", async () => {
    const { clock, p, hooks } = await programWithHooks("concurrent");
    const at = ms("2026-11-22T11:30:00Z");
    const [one, two] = await Promise.all([publishEndedWeeks(env, db(), at), publishEndedWeeks(env, db(), at)]);
    expect([one, two].filter((published) => published.includes(p.program))).toHaveLength(1);
    expect(await engineCount(p.program, "weekly_reports")).toBe(1);
    for (const h of hooks) expect(await deliveries(clock.call, p, h.id)).toHaveLength(1);

    // Two delivery runs at once send each delivery once.
    await Promise.all([deliverDue(db(), at + 1000), deliverDue(db(), at + 1000), runScheduled(env, db(), DELIVERY_CRON, at + 1000)]);
    for (const h of hooks) {
      expect(await received(h.name)).toHaveLength(1);
      expect(await deliveries(clock.call, p, h.id)).toMatchObject([{ status: "delivered", attempts: 1 }]);
    }
    expect((await report(clock.call, p, "2026-W47")).body.entries.map((e: any) => e.id)).toEqual(["a", "b"]);
  });

  it("runScheduled: the hourly cron publishes and delivers; the five-minute one only delivers", async () => {
    const { clock, p, hooks } = await programWithHooks("cron");
    await runScheduled(env, db(), DELIVERY_CRON, ms("2026-11-22T11:05:00Z"));
    expect(await weeks(clock.call, p)).toEqual([]);
    await runScheduled(env, db(), REPORT_CRON, ms("2026-11-22T12:00:00Z"));
    expect(await weeks(clock.call, p)).toEqual(["2026-W47"]);
    const r = (await report(clock.call, p, "2026-W47")).body;
    const [json] = await received(hooks[0].name);
    expect(JSON.parse(json.body)).toEqual({ event: "report.published", program: p.program, data: r });
    expect(await received(hooks[1].name)).toHaveLength(1);
    await runScheduled(env, db(), REPORT_CRON, ms("2026-11-22T13:00:00Z"));
    expect(await received(hooks[0].name)).toHaveLength(1);
  });

  it("wrangler.toml triggers exactly the schedules runScheduled knows", () => {
    const crons = /^crons\s*=\s*(\[.*\])\s*$/m.exec(wranglerToml)?.[1];
    expect(crons && JSON.parse(crons)).toEqual([REPORT_CRON, DELIVERY_CRON]);
  });

  it("the worker's scheduled handler runs the job at the controller's time", async () => {
    const { clock, p, hooks } = await programWithHooks("handler");
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: ms("2026-11-22T12:00:00Z"), cron: REPORT_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
    const r = await report(clock.call, p, "2026-W47");
    expect(r.status).toBe(200);
    expect(r.body.generatedAt).toBe("2026-11-22T12:00:00.000Z");
    expect(await received(hooks[0].name)).toHaveLength(1);
  });
});

describe("a week that crosses the year boundary", () => {
  it("2026-W53 runs 28 December 2026 to 3 January 2027, and 2027-W01 follows it", async () => {
    // Made in W53, after W52 ended in both zones: the job owes them nothing for W52.
    const clock = clocked("2026-12-29T12:00:00Z");
    const london = await programAt(clock, { timezone: "Europe/London", metrics: [PTS, DEAL], requireOptIn: false });
    const auckland = await programAt(clock, { timezone: "Pacific/Auckland", metrics: [PTS, DEAL], requireOptIn: false });
    for (const p of [london, auckland]) await participantsAt(clock, p, [{ id: "a" }, { id: "b" }, { id: "c" }], false);

    clock.set("2027-01-10T12:00:00Z");
    await postAt(clock, london, [
      { participant: "a", metric: "pts", occurredAt: "2026-12-27T23:59:59Z", value: 9 }, // W52's last second
      { participant: "b", metric: "pts", occurredAt: "2026-12-27T12:00:00Z", value: 4 }, // W52
      { participant: "a", metric: "pts", occurredAt: "2026-12-28T00:00:00Z", value: 1 }, // W53's first instant
      { participant: "a", metric: "pts", occurredAt: "2026-12-31T23:30:00Z", value: 1.5 },
      { participant: "b", metric: "pts", occurredAt: "2027-01-01T00:30:00Z", value: 2 },
      { participant: "b", metric: "pts", occurredAt: "2027-01-03T23:59:59.999Z", value: 3 }, // W53's last instant
      { participant: "c", metric: "pts", occurredAt: "2027-01-04T00:00:00Z", value: 8 }, // 2027-W01
    ]);
    // In Auckland (UTC+13) the same instants fall on other local days.
    await postAt(clock, auckland, [
      { participant: "a", metric: "pts", occurredAt: "2026-12-27T10:59:59Z", value: 9 }, // Sunday 27th, 23:59:59 NZDT: W52
      { participant: "b", metric: "pts", occurredAt: "2026-12-27T11:00:00Z", value: 4 }, // Monday 28th 00:00: W53
      { participant: "c", metric: "pts", occurredAt: "2027-01-03T11:00:00Z", value: 8 }, // Monday 4 January: W01
      { participant: "a", metric: "pts", occurredAt: "2027-01-03T10:00:00Z", value: 2 }, // Sunday 3 January: W53
    ]);

    expect(await publishEndedWeeks(env, db(), ms("2027-01-03T10:59:59Z"))).not.toContain(auckland.program);
    const atAuckland = await publishEndedWeeks(env, db(), ms("2027-01-03T11:00:00Z"));
    expect(atAuckland).toContain(auckland.program);
    expect(atAuckland).not.toContain(london.program);
    expect(await publishEndedWeeks(env, db(), ms("2027-01-04T00:00:00Z"))).toContain(london.program);

    const l53 = (await report(clock.call, london, "2026-W53")).body;
    expect(l53.period).toEqual({ kind: "week", label: "2026-W53", start: "2026-12-28T00:00:00.000Z", end: "2027-01-04T00:00:00.000Z" });
    expect(rows(l53.entries)).toEqual([
      [1, "b", 5, 2, 1, 1],
      [2, "a", 2.5, 1, -1, -6.5],
    ]);
    expect(l53.movers).toEqual(["b"]);
    const a53 = (await report(clock.call, auckland, "2026-W53")).body;
    expect(a53.period).toMatchObject({ start: "2026-12-27T11:00:00.000Z", end: "2027-01-03T11:00:00.000Z" });
    expect(rows(a53.entries)).toEqual([
      [1, "b", 4, null, null, 4],
      [2, "a", 2, 1, -1, -7],
    ]);

    // A week later: 2027-W01 is compared with 2026-W53.
    await publishEndedWeeks(env, db(), ms("2027-01-11T00:00:00Z"));
    const l01 = (await report(clock.call, london, "2027-W01")).body;
    expect(l01.period).toMatchObject({ start: "2027-01-04T00:00:00.000Z", end: "2027-01-11T00:00:00.000Z" });
    expect(rows(l01.entries)).toEqual([[1, "c", 8, null, null, 8]]);
    expect(l01.newEntries).toEqual(["c"]);
    expect(await weeks(clock.call, london)).toEqual(["2027-W01", "2026-W53"]);
    expect(await weeks(clock.call, auckland)).toEqual(["2027-W01", "2026-W53"]);
  });
});
