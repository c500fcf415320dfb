/**
 * Dates at the ends of the calendar. An instant a program holds is at least a day inside years
 * 0001–9999 (scoring/instants.ts), so its local day is a date 0001-01-01..9999-12-31 in every zone;
 * others are `invalid`. An `at` naming a period with a day outside those dates, or whose end is in
 * year 10000, is 422. Never a 5xx: year 0000 once failed a whole batch with a RangeError, and
 * `at=0000-W01` answered the label "00-1-W52".
 */
import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newProgram, unique } from "./api";
import { expectInvalidFields } from "./checks";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const call = apiAt(() => NOW);

async function program(timezone = "Europe/London") {
  const p = await newProgram(basicDocument({ requireOptIn: false, timezone }), call);
  await addParticipants(p, [{ id: "ana", team: "uk" }], undefined, call);
  return p;
}

const tweet = (id: string, occurredAt: string) => ({ id, participant: "ana", metric: "tweet", occurredAt });

describe("event instants at the ends of the calendar", () => {
  it("are invalid outside the range, one by one, and the batch's valid events are stored", async () => {
    // UTC: London's zone has a local mean time of -0:01:15 in year 0001.
    const p = await program("UTC");
    const outside = [
      "0000-01-01T00:00:00Z",
      "0000-01-01T00:00:00+14:00",
      "0000-12-31T23:59:59Z",
      // Year 0001, but within a day of its start: the local day could be in year 0000.
      "0001-01-01T00:00:00Z",
      "0001-01-01T00:00:00-14:00",
      "0001-01-01T23:59:59.999Z",
      // Year 9999, but within a day of its end: the local day could be in year 10000.
      "9999-12-31T00:00:00Z",
      "9999-12-31T23:59:59+14:00",
      "9999-12-31T23:59:59-14:00",
    ];
    const res = await call("POST", `${p.base}/events`, {
      key: p.adminKey,
      body: { events: [tweet("ok", "2026-11-20T10:00:00Z"), ...outside.map((at, i) => tweet(`x${i}`, at)), tweet("first-day", "0001-01-02T00:00:00Z")] },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual(
      outside.map((_, i) => ({
        index: i + 1,
        id: `x${i}`,
        reason: "invalid",
        message: expect.stringMatching(/^occurredAt: must be from 0001-01-02T00:00:00.000Z to 9999-12-30T23:59:59.999Z/),
      })),
    );
    // The event of 0001-01-02 is on its own day, in week 0001-W01 (0001-01-01 was a Monday).
    const week = await call("GET", `${p.base}/leaderboard?period=week&at=0001-01-02`, { key: p.adminKey });
    expect(week.status).toBe(200);
    expect(week.body.period).toEqual({ kind: "week", label: "0001-W01", start: "0001-01-01T00:00:00.000Z", end: "0001-01-08T00:00:00.000Z" });
    expect(week.body.entries[0]).toMatchObject({ id: "ana", score: 2 });
    expect((await call("GET", `${p.base}/participants/ana/score?period=all`, { key: p.adminKey })).body.score).toBe(4);
  });

  it("in a zone far from UTC the last accepted instant is still a day of year 9999", async () => {
    const p = await program("Pacific/Kiritimati"); // UTC+14
    const res = await call("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [tweet("last", "9999-12-30T23:59:59Z")] } });
    // Accepted or refused as future, never a failure of the batch.
    expect(res.status).toBe(200);
    expect(res.body.rejected.map((r: { reason: string }) => r.reason)).toEqual(["future"]);
  });

  it("opt-in and opt-out instants and effectiveFrom dates out of range are 422", async () => {
    const p = await program();
    for (const at of ["0000-01-01T00:00:00Z", "0000-06-30T12:00:00+14:00", "0001-01-01T00:00:00Z"]) {
      expectInvalidFields(await call("POST", `${p.base}/participants/ana/opt-out`, { key: p.adminKey, body: { at } }), ["at"]);
    }
    const doc = basicDocument();
    const metrics = [{ ...doc.metrics[0], effectiveFrom: "0000-01-01" }];
    expectInvalidFields(await call("PUT", `/v1/programs/${unique("prog")}`, { key: p.adminKey, body: { ...doc, metrics } }), ["metrics[0].effectiveFrom"]);
  });
});

describe("`at` at the ends of the calendar", () => {
  it("is 422 where the period has a day outside 0001-01-01..9999-12-31, or ends in year 10000", async () => {
    const p = await program();
    const reads = (at: string) => [
      `${p.base}/leaderboard?period=week&at=${at}`,
      `${p.base}/leaderboard?period=day&at=${at}`,
      `${p.base}/participants/ana/score?period=week&at=${at}`,
      `${p.base}/participants/ana/history?at=${at}`,
      `${p.base}/dashboard?at=${at}`,
    ];
    for (const at of ["0000-01-01", "0000-W01", "0000-12-31", "9999-W52", "9999-12-31", "-000001-01-01"]) {
      for (const path of reads(at)) {
        const res = await call("GET", path, { key: p.adminKey });
        expectInvalidFields(res, ["at"]);
      }
    }
    // The last month of year 9999 ends at 10000-01-01T00:00Z in London: no RFC 3339 instant.
    expectInvalidFields(await call("GET", `${p.base}/leaderboard?period=month&at=9999-12`, { key: p.adminKey }), ["at"]);
    expectInvalidFields(await call("GET", `${p.base}/leaderboard?period=quarter&at=0000-Q4`, { key: p.adminKey }), ["at"]);
    // A week report of year 0000 is no week to generate.
    expectInvalidFields(await call("POST", `${p.base}/reports/weekly/0000-W01`, { key: p.adminKey }), ["week"]);
  });

  it("is answered at the first week of year 0001 and the last day of year 9999 east of UTC", async () => {
    const p = await program();
    const first = await call("GET", `${p.base}/leaderboard?period=week&at=0001-W01`, { key: p.adminKey });
    expect(first.status).toBe(200);
    expect(first.body.period.label).toBe("0001-W01");
    const history = await call("GET", `${p.base}/participants/ana/history?at=0001-W02&weeks=2`, { key: p.adminKey });
    expect(history.status).toBe(200);
    expect(history.body.weeks.map((w: { label: string }) => w.label)).toEqual(["0001-W01", "0001-W02"]);
    const east = await program("Asia/Tokyo");
    const last = await call("GET", `${east.base}/leaderboard?period=day&at=9999-12-31`, { key: east.adminKey });
    expect(last.status).toBe(200);
    expect(last.body.period).toEqual({ kind: "day", label: "9999-12-31", start: "9999-12-30T15:00:00.000Z", end: "9999-12-31T15:00:00.000Z" });
  });
});
