/**
 * The weekly Power 100 through the API (SPEC §4): every field on hand-made weeks, ties at rank 100
 * with more than 100 sellers, snapshots and regeneration, the archive, 404/409/422, and who may
 * read or generate. Europe/London in November is UTC, so local days are UTC days here.
 */
import { describe, expect, it, vi } from "vitest";
import { powerReport as referenceReport } from "../scoring/reference";
import { basicDocument, newOrg } from "./api";
import { expectError, expectInvalidFields } from "./checks";
import { DEAL, PTS, clocked, generate, generated, participantsAt, postAt, programAt, report, rows, scores, weeks } from "./weekly";

// Many API calls a test: on a machine busy with other suites they outlast the 5-second default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

// 2026-W46 is 9–15 November, 2026-W47 16–22 November; W47 ends 2026-11-23T00:00Z in London.
const IN_W46 = "2026-11-10T12:00:00Z";
const IN_W47 = "2026-11-18T12:00:00Z";
const AFTER_W47 = "2026-11-23T06:00:00Z";

describe("report fields", () => {
  it("ranks this week's positive scores of those ranked now, beside last week's same ranking", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS, DEAL], requireOptIn: true });
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
    await participantsAt(
      clock,
      p,
      ids.map((id) => ({ id, displayName: `Seller ${id.toUpperCase()}`, team: id < "f" ? "uk" : null, cohort: id < "d" ? "London" : null })),
    );
    clock.set(AFTER_W47);
    await postAt(clock, p, scores({ a: 10, b: 40, c: 30, e: 50, f: 5, g: 20, h: 60, i: 1, j: 3 }, IN_W46));
    await postAt(clock, p, scores({ a: 50, b: 40, c: 40, d: 30, e: 20, f: 20, h: 99, i: 10, j: 25.75 }, IN_W47));
    // g did only a lag behaviour this week (score 0); k did nothing; h, last week's leader, has opted out.
    await postAt(clock, p, [{ participant: "g", metric: "deal-won", occurredAt: IN_W47 }]);
    const out = await clock.call("POST", `${p.base}/participants/h/opt-out`, { key: p.adminKey, body: {} });
    expect(out.status).toBe(200);

    const r = await generated(clock.call, p, "2026-W47");
    // Last week without h: e 50 (1), b 40 (2), c 30 (3), g 20 (4), a 10 (5), f 5 (6), j 3 (7), i 1 (8).
    expect(rows(r.entries)).toEqual([
      [1, "a", 50, 5, 4, 40],
      [2, "b", 40, 2, 0, 0],
      [2, "c", 40, 3, 1, 10],
      [4, "d", 30, null, null, 30],
      [5, "j", 25.75, 7, 2, 22.75],
      [6, "e", 20, 1, -5, -30],
      [6, "f", 20, 6, 0, 15],
      [8, "i", 10, 8, 0, 9],
    ]);
    expect(r.total).toBe(8);
    expect(r.movers).toEqual(["a", "j", "c"]);
    expect(r.newEntries).toEqual(["d"]);
    expect(r.entries[0]).toEqual({
      rank: 1,
      id: "a",
      displayName: "Seller A",
      team: "uk",
      cohort: "London",
      score: 50,
      previousRank: 5,
      rankChange: 4,
      scoreChange: 40,
    });
    expect(r.entries.find((e: any) => e.id === "j")).toMatchObject({ team: null, cohort: null });
    expect(Object.keys(r)).toEqual(["program", "week", "period", "generatedAt", "total", "entries", "movers", "newEntries"]);
    expect(r).toMatchObject({
      program: p.slug,
      week: "2026-W47",
      period: { kind: "week", label: "2026-W47", start: "2026-11-16T00:00:00.000Z", end: "2026-11-23T00:00:00.000Z" },
      generatedAt: "2026-11-23T06:00:00.000Z",
    });
    // The stored report is what the POST answered.
    expect((await report(clock.call, p, "2026-W47")).body).toEqual(r);
  });

  it("movers: at most 5 of the largest positive rank changes, ties by rank", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], requireOptIn: false });
    const ids = ["a", "aa", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
    await participantsAt(
      clock,
      p,
      ids.map((id) => ({ id })),
      false,
    );
    clock.set(AFTER_W47);
    // Last week i, h, g, c, b, k, j, aa, f, e, d, a; this week k, j, i, h, g, f, e, d, c, b, a, aa.
    const last = ["i", "h", "g", "c", "b", "k", "j", "aa", "f", "e", "d", "a"];
    const now = ["k", "j", "i", "h", "g", "f", "e", "d", "c", "b", "a", "aa"];
    await postAt(clock, p, scores(Object.fromEntries(last.map((id, n) => [id, 120 - 10 * n])), IN_W46));
    await postAt(clock, p, scores(Object.fromEntries(now.map((id, n) => [id, 120 - 10 * n])), IN_W47));
    const r = await generated(clock.call, p, "2026-W47");
    expect(r.entries.map((e: any) => [e.id, e.rankChange])).toEqual([
      ["k", 5],
      ["j", 5],
      ["i", -2],
      ["h", -2],
      ["g", -2],
      ["f", 3],
      ["e", 3],
      ["d", 3],
      ["c", -5],
      ["b", -5],
      ["a", 1],
      ["aa", -4],
    ]);
    // k before j although "j" < "k": ties go by rank; a (+1) is the sixth climber and left out.
    expect(r.movers).toEqual(["k", "j", "f", "e", "d"]);
    expect(r.newEntries).toEqual([]);
  });

  it("keeps ranks ≤ 100 with every tie at 100, and counts everyone with a positive score", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], requireOptIn: false });
    const id = (n: number) => `p${String(n).padStart(3, "0")}`;
    await participantsAt(
      clock,
      p,
      Array.from({ length: 106 }, (_, n) => ({ id: id(n) })),
      false,
    );
    const thisWeek: Record<string, number> = {};
    const lastWeek: Record<string, number> = {};
    for (let n = 0; n <= 98; n++) thisWeek[id(n)] = 1000 - n; // ranks 1–99
    for (const n of [99, 100, 101]) thisWeek[id(n)] = 500; // three at rank 100
    thisWeek[id(102)] = thisWeek[id(103)] = 100; // rank 103
    thisWeek[id(105)] = 50; // rank 105; p104 scores nothing
    for (let n = 1; n <= 98; n++) lastWeek[id(n)] = 2000 - n; // ranks 1–98
    Object.assign(lastWeek, { p102: 1500, p100: 1400, p099: 1300, p103: 1200, p105: 1100, p104: 1000 }); // ranks 99–104
    clock.set(AFTER_W47);
    await postAt(clock, p, [...scores(lastWeek, IN_W46), ...scores(thisWeek, IN_W47)]);

    const r = await generated(clock.call, p, "2026-W47");
    expect(r.total).toBe(105);
    expect(r.entries).toHaveLength(102);
    expect(rows(r.entries.slice(0, 3))).toEqual([
      [1, "p000", 1000, null, null, 1000],
      [2, "p001", 999, 1, -1, -1000],
      [3, "p002", 998, 2, -1, -1000],
    ]);
    expect(rows(r.entries.slice(-3))).toEqual([
      [100, "p099", 500, 101, 1, -800],
      [100, "p100", 500, 100, 0, -900],
      [100, "p101", 500, null, null, 500],
    ]);
    expect(r.entries.every((e: any) => e.rank <= 100)).toBe(true);
    // Null previous ranks and previous ranks past 100 are new entries.
    expect(r.newEntries).toEqual(["p000", "p099", "p101"]);
    expect(r.movers).toEqual(["p099"]);

    // And the whole of it against the naive reference.
    const toMap = (week: Record<string, number>) => new Map(Object.entries(week).map(([k, v]) => [k, BigInt(v * 10_000)]));
    const ref = referenceReport(toMap(thisWeek), toMap(lastWeek));
    expect(r.total).toBe(ref.total);
    expect(rows(r.entries)).toEqual(
      ref.entries.map((e) => [e.rank, e.id, Number(e.score) / 10_000, e.previousRank, e.rankChange, Number(e.scoreChange) / 10_000]),
    );
    expect(r.movers).toEqual(ref.movers);
    expect(r.newEntries).toEqual(ref.newEntries);
  });

  it("an empty week gives an empty report", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS, DEAL], requireOptIn: false });
    await participantsAt(clock, p, [{ id: "a" }]);
    clock.set(AFTER_W47);
    await postAt(clock, p, [{ participant: "a", metric: "deal-won", occurredAt: IN_W47 }, ...scores({ a: 7 }, IN_W46)]);
    const r = await generated(clock.call, p, "2026-W47");
    expect(r).toMatchObject({ total: 0, entries: [], movers: [], newEntries: [] });
  });
});

describe("stored reports", () => {
  it("are snapshots: later events, names, opt-outs and re-weighting change nothing until a regeneration", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], requireOptIn: true });
    await participantsAt(clock, p, [{ id: "a" }, { id: "b" }, { id: "c" }]);
    clock.set(AFTER_W47);
    await postAt(clock, p, scores({ a: 10, b: 20 }, IN_W47));
    const first = await generated(clock.call, p, "2026-W47");
    expect(rows(first.entries)).toEqual([
      [1, "b", 20, null, null, 20],
      [2, "a", 10, null, null, 10],
    ]);

    clock.set("2026-11-24T10:00:00Z");
    await postAt(clock, p, scores({ a: 30, c: 5 }, IN_W47));
    await postAt(clock, p, scores({ a: 1, b: 100 }, IN_W46));
    const renamed = await clock.call("PUT", `${p.base}/participants`, {
      key: p.adminKey,
      body: { participants: [{ id: "b", displayName: "Renamed", team: "uk", cohort: "x" }] },
    });
    expect(renamed.status).toBe(200);
    expect((await clock.call("POST", `${p.base}/participants/c/opt-out`, { key: p.adminKey, body: {} })).status).toBe(200);
    // History re-weighted from 1 November: every point now counts double.
    const reweighted = await clock.call("PUT", p.base, {
      key: p.adminKey,
      body: basicDocument({ targets: [], requireOptIn: true, metrics: [{ ...PTS, points: 2, effectiveFrom: "2026-11-01" }] }),
    });
    expect(reweighted.status, JSON.stringify(reweighted.body)).toBe(200);
    // The board has moved on…
    const board = await clock.call("GET", `${p.base}/leaderboard?period=week&at=2026-W47`, { key: p.adminKey });
    expect(board.body.entries.map((e: any) => [e.id, e.score])).toEqual([
      ["a", 80],
      ["b", 40],
    ]);
    // …the stored report has not.
    expect((await report(clock.call, p, "2026-W47")).body).toEqual(first);

    clock.set("2026-11-25T08:00:00Z");
    const again = await generated(clock.call, p, "2026-W47");
    expect(again.generatedAt).toBe("2026-11-25T08:00:00.000Z");
    expect(rows(again.entries)).toEqual([
      [1, "a", 80, 2, 1, 78],
      [2, "b", 40, 1, -1, -160],
    ]);
    expect(again.entries[1]).toMatchObject({ displayName: "Renamed", team: "uk", cohort: "x" });
    expect(again.movers).toEqual(["a"]);
    expect((await report(clock.call, p, "2026-W47")).body).toEqual(again);
    expect(await weeks(clock.call, p)).toEqual(["2026-W47"]);
  });

  it("the archive lists the generated weeks newest first, across a year boundary", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS] });
    expect(await weeks(clock.call, p)).toEqual([]);
    clock.set("2027-01-20T00:00:00Z");
    for (const week of ["2026-W53", "2026-W46", "2027-W01", "2020-W53", "2026-W47"]) await generated(clock.call, p, week);
    expect(await weeks(clock.call, p)).toEqual(["2027-W01", "2026-W53", "2026-W47", "2026-W46", "2020-W53"]);
    expect((await report(clock.call, p, "2026-W53")).body.period).toEqual({
      kind: "week",
      label: "2026-W53",
      start: "2026-12-28T00:00:00.000Z",
      end: "2027-01-04T00:00:00.000Z",
    });
  });
});

describe("errors", () => {
  it("GET answers 404 before the week is generated, then the report", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS] });
    clock.set(AFTER_W47);
    expectError(await report(clock.call, p, "2026-W47"), 404, "not_found");
    expectError(await report(clock.call, p, "2026-W99"), 404, "not_found");
    await generated(clock.call, p, "2026-W47");
    expect((await report(clock.call, p, "2026-W47")).status).toBe(200);
    expectError(await report(clock.call, p, "2026-W46"), 404, "not_found");
    expectError(await report(clock.call, { ...p, base: "/v1/programs/no-such-program" }, "2026-W47"), 404);
  });

  it("POST answers 409 for a week that has not ended in the program's zone, to the millisecond", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], timezone: "Europe/London" });
    clock.set("2026-11-20T12:00:00Z");
    expectError(await generate(clock.call, p, "2026-W47"), 409, "week_not_ended");
    expectError(await generate(clock.call, p, "2026-W48"), 409, "week_not_ended");
    expectError(await generate(clock.call, p, "2030-W01"), 409, "week_not_ended");
    clock.set(Date.parse("2026-11-23T00:00:00Z") - 1);
    expectError(await generate(clock.call, p, "2026-W47"), 409, "week_not_ended");
    expectError(await report(clock.call, p, "2026-W47"), 404);
    clock.set("2026-11-23T00:00:00Z");
    await generated(clock.call, p, "2026-W47");
  });

  it("one instant: Auckland's week has ended, Los Angeles' has not", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const auckland = await programAt(clock, { metrics: [PTS], timezone: "Pacific/Auckland" });
    const la = await programAt(clock, { metrics: [PTS], timezone: "America/Los_Angeles" });
    clock.set("2026-11-22T11:00:00Z"); // Monday 00:00 in Auckland (UTC+13), Saturday 03:00 in LA
    const r = await generated(clock.call, auckland, "2026-W47");
    expect(r.period).toMatchObject({ start: "2026-11-15T11:00:00.000Z", end: "2026-11-22T11:00:00.000Z" });
    expectError(await generate(clock.call, la, "2026-W47"), 409, "week_not_ended");
    clock.set("2026-11-23T08:00:00Z"); // Monday 00:00 in LA (UTC−8)
    expect((await generated(clock.call, la, "2026-W47")).period).toMatchObject({
      start: "2026-11-16T08:00:00.000Z",
      end: "2026-11-23T08:00:00.000Z",
    });
  });

  it("POST answers 422 for a label that is not an ISO week", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS] });
    clock.set("2028-06-01T00:00:00Z");
    for (const label of ["2027-W53", "2026-W54", "2026-W00", "2026-W5", "2026-W047", "2026-47", "2026-11-18", "week", "2026-w47"]) {
      expectInvalidFields(await generate(clock.call, p, label), ["week"]);
    }
    expect(await weeks(clock.call, p)).toEqual([]);
  });
});

describe("access", () => {
  it("private program: admin and participant tokens read, only the admin generates", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], visibility: "private" });
    await participantsAt(clock, p, [{ id: "a" }]);
    const token = (await clock.call("POST", `${p.base}/participants/a/token`, { key: p.adminKey })).body.token;
    const ingest = (await clock.call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const other = await newOrg();
    clock.set(AFTER_W47);

    expectError(await generate(clock.call, p, "2026-W47", null), 401);
    expectError(await generate(clock.call, p, "2026-W47", token), 403, "forbidden");
    expectError(await generate(clock.call, p, "2026-W47", ingest), 403, "forbidden");
    expectError(await generate(clock.call, p, "2026-W47", other.adminKey), 404, "not_found");
    expect(await weeks(clock.call, p)).toEqual([]);
    await generated(clock.call, p, "2026-W47");

    for (const path of [`${p.base}/reports/weekly`, `${p.base}/reports/weekly/2026-W47`]) {
      expect((await clock.call("GET", path, { key: p.adminKey })).status).toBe(200);
      expect((await clock.call("GET", path, { key: token })).status).toBe(200);
      expectError(await clock.call("GET", path), 401);
      expectError(await clock.call("GET", path, { key: ingest }), 403);
      expectError(await clock.call("GET", path, { key: other.adminKey }), 404);
      expectError(await clock.call("GET", path, { key: "not-a-key" }), 401);
    }
  });

  it("public program: anyone reads, nobody but the admin generates", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], visibility: "public" });
    const other = await newOrg();
    clock.set(AFTER_W47);
    expectError(await generate(clock.call, p, "2026-W47", null), 401);
    await generated(clock.call, p, "2026-W47");
    expect((await clock.call("GET", `${p.base}/reports/weekly`)).body).toEqual({ weeks: ["2026-W47"] });
    expect((await report(clock.call, p, "2026-W47", null)).status).toBe(200);
    // Public means anyone, another organisation's admin too; generating stays the owner's, and is hidden.
    expect((await report(clock.call, p, "2026-W47", other.adminKey)).status).toBe(200);
    expectError(await generate(clock.call, p, "2026-W47", other.adminKey), 404);
  });
});
