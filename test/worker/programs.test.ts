import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addParticipants, api, apiAt, basicDocument, newOrg, newProgram, OPERATOR_KEY, unique } from "./api";
import { engineProgram, expectError, expectInvalidFields, periodScores, rollups } from "./checks";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const at = apiAt(() => NOW);

/** What a GET answers for basicDocument() created at NOW: defaults filled in, each metric dated. */
const storedBasicDocument = (effectiveFrom = "2026-12-01") => ({
  name: "Social selling",
  timezone: "Europe/London",
  requireOptIn: true,
  visibility: "private",
  teamAggregation: "mean",
  metrics: [
    { key: "tweet", name: "Tweets", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5, effectiveFrom },
    { key: "call-prep", name: "Call preparation", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: null, effectiveFrom },
    { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null, effectiveFrom },
  ],
  teams: [
    { key: "emea", name: "EMEA", parent: null },
    { key: "uk", name: "UK", parent: "emea" },
  ],
  targets: [{ key: "uk-weekly", subject: { team: "uk" }, metric: null, period: "week", value: 400 }],
  // SPEC v1.1 §5: the game lists, [] by default.
  contests: [],
  badges: [],
  levels: [],
});

describe("PUT and GET /v1/programs/{program}", () => {
  it("creates a program with 201 and answers the stored document, which GET answers too", async () => {
    const org = await newOrg();
    const slug = unique("prog");
    const created = await at("PUT", `/v1/programs/${slug}`, { key: org.adminKey, body: basicDocument() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(storedBasicDocument());
    const read = await at("GET", `/v1/programs/${slug}`, { key: org.adminKey });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(storedBasicDocument());
  });

  it("fills in the documented defaults", async () => {
    const org = await newOrg();
    const slug = unique("prog");
    const res = await at("PUT", `/v1/programs/${slug}`, { key: org.adminKey, body: { name: "Bare", timezone: "Asia/Tokyo" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      name: "Bare",
      timezone: "Asia/Tokyo",
      requireOptIn: true,
      visibility: "private",
      teamAggregation: "mean",
      metrics: [],
      teams: [],
      targets: [],
      contests: [],
      badges: [],
      levels: [],
    });
  });

  it("takes any IANA zone name, links and Etc zones included", async () => {
    const org = await newOrg();
    for (const timezone of ["UTC", "Asia/Calcutta", "America/Argentina/ComodRivadavia", "Etc/GMT+1", "Pacific/Chatham"]) {
      const res = await at("PUT", `/v1/programs/${unique("prog")}`, { key: org.adminKey, body: { name: "Zoned", timezone } });
      expect({ status: res.status, timezone: res.body.timezone }).toEqual({ status: 201, timezone });
    }
  });

  it("stores a zone name as the zone database spells it", async () => {
    const org = await newOrg();
    const res = await at("PUT", `/v1/programs/${unique("prog")}`, { key: org.adminKey, body: { name: "Zoned", timezone: "europe/london" } });
    expect({ status: res.status, timezone: res.body.timezone }).toEqual({ status: 201, timezone: "Europe/London" });
  });

  it("updates an existing program with 200, replacing metrics, teams and targets as a whole", async () => {
    const p = await newProgram(basicDocument(), at);
    const doc = basicDocument({
      name: "Renamed",
      visibility: "public",
      teamAggregation: "sum",
      metrics: [{ key: "tweet", name: "Posts", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5 }],
      teams: [{ key: "apac", name: "APAC", parent: null }],
      targets: [{ key: "t", subject: { participant: "ana" }, metric: "tweet", period: "month", value: 20.5 }],
    });
    const res = await at("PUT", p.base, { key: p.adminKey, body: doc });
    expect(res.status).toBe(200);
    const expected = {
      name: "Renamed",
      timezone: "Europe/London",
      requireOptIn: true,
      visibility: "public",
      teamAggregation: "sum",
      metrics: [{ key: "tweet", name: "Posts", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5, effectiveFrom: "2026-12-01" }],
      teams: [{ key: "apac", name: "APAC", parent: null }],
      targets: [{ key: "t", subject: { participant: "ana" }, metric: "tweet", period: "month", value: 20.5 }],
      contests: [],
      badges: [],
      levels: [],
    };
    expect(res.body).toEqual(expected);
    expect((await at("GET", p.base, { key: p.adminKey })).body).toEqual(expected);
  });

  it("archives a metric left out, and brings it back with its weight when it is put again", async () => {
    const p = await newProgram(basicDocument(), at);
    const without = basicDocument({ metrics: (basicDocument().metrics as object[]).slice(0, 2) });
    expect((await at("PUT", p.base, { key: p.adminKey, body: without })).status).toBe(200);
    const stored = (await engineProgram(p.program)).metrics.map((m) => ({ key: m.key, archived: m.archived }));
    expect(stored.sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([
      { key: "call-prep", archived: false },
      { key: "deal-won", archived: true },
      { key: "tweet", archived: false },
    ]);
    expect((await at("GET", p.base, { key: p.adminKey })).body.metrics.map((m: { key: string }) => m.key)).toEqual(["tweet", "call-prep"]);

    const back = await at("PUT", p.base, { key: p.adminKey, body: basicDocument() });
    expect(back.status).toBe(200);
    expect(back.body).toEqual(storedBasicDocument());
  });

  it("keeps the order of metrics, teams and targets as given", async () => {
    const doc = basicDocument({
      metrics: [
        { key: "z", name: "Z", indicator: "lead", aggregation: "count", points: 1, dailyCap: null },
        { key: "a", name: "A", indicator: "lead", aggregation: "count", points: 1, dailyCap: null },
      ],
      teams: [
        { key: "uk", name: "UK", parent: "emea" },
        { key: "emea", name: "EMEA", parent: null },
      ],
      targets: [
        { key: "y", subject: { team: "uk" }, metric: "z", period: "week", value: 1 },
        { key: "b", subject: { team: "emea" }, metric: null, period: "quarter", value: 2 },
      ],
    });
    const p = await newProgram(doc, at);
    const res = await at("GET", p.base, { key: p.adminKey });
    expect(res.body.metrics.map((m: { key: string }) => m.key)).toEqual(["z", "a"]);
    expect(res.body.teams.map((t: { key: string }) => t.key)).toEqual(["uk", "emea"]);
    expect(res.body.targets.map((t: { key: string }) => t.key)).toEqual(["y", "b"]);
  });

  describe("credentials", () => {
    it("401 without a credential or with an unknown one", async () => {
      const p = await newProgram();
      expectError(await api("GET", p.base), 401, "unauthorized");
      expectError(await api("PUT", p.base, { body: basicDocument() }), 401, "unauthorized");
      expectError(await api("GET", p.base, { key: "lba_not-a-real-key-at-all" }), 401, "unauthorized");
      expectError(await api("PUT", `/v1/programs/${unique("prog")}`, { key: "lba_not-a-real-key-at-all", body: basicDocument() }), 401);
    });

    it("403 for an ingest key, a participant token and the operator key", async () => {
      const p = await newProgram();
      const ingest = (await api("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
      await addParticipants(p, [{ id: "ana" }]);
      const token = (await api("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
      for (const key of [ingest, token]) {
        expectError(await api("GET", p.base, { key }), 403, "forbidden");
        expectError(await api("PUT", p.base, { key, body: basicDocument({ name: "Hijacked" }) }), 403, "forbidden");
      }
      expectError(await api("PUT", `/v1/programs/${unique("prog")}`, { key: OPERATOR_KEY, body: basicDocument() }), 403);
      expect((await api("GET", p.base, { key: p.adminKey })).body.name).toBe("Social selling");
    });

    it("404 when an admin of another organisation reads the program, as for one that does not exist", async () => {
      const a = await newProgram();
      const b = await newOrg();
      const res = expectError(await api("GET", a.base, { key: b.adminKey }), 404, "not_found");
      const missing = expectError(await api("GET", `/v1/programs/${unique("nope")}`, { key: b.adminKey }), 404, "not_found");
      expect(res).toEqual(missing);
    });

    it("409 slug_taken when another organisation puts a slug it holds, leaving the program as it was", async () => {
      const a = await newProgram();
      const b = await newOrg();
      expectError(await api("PUT", a.base, { key: b.adminKey, body: basicDocument({ name: "Stolen" }) }), 409, "slug_taken");
      expect((await api("GET", a.base, { key: a.adminKey })).body.name).toBe("Social selling");
    });
  });

  describe("bodies", () => {
    it("415 for another content type, 400 for malformed JSON", async () => {
      const org = await newOrg();
      const path = `/v1/programs/${unique("prog")}`;
      const text = JSON.stringify(basicDocument());
      expectError(await api("PUT", path, { key: org.adminKey, raw: text, headers: { "Content-Type": "text/plain" } }), 415, "unsupported_media_type");
      expectError(await api("PUT", path, { key: org.adminKey, raw: text }), 415);
      expectError(await api("PUT", path, { key: org.adminKey, raw: text.slice(0, -1), headers: { "Content-Type": "application/json" } }), 400, "malformed");
      expect((await api("PUT", path, { key: org.adminKey, raw: text, headers: { "Content-Type": "application/json; charset=utf-8" } })).status).toBe(201);
    });

    it("422 for a slug that is not one", async () => {
      const org = await newOrg();
      for (const slug of ["Upper", "-dash", "under_score", "a".repeat(65)]) {
        expectInvalidFields(await api("PUT", `/v1/programs/${slug}`, { key: org.adminKey, body: basicDocument() }), ["program"]);
      }
    });

    const metric = (overrides: Record<string, unknown>) => ({
      key: "m",
      name: "M",
      indicator: "lead",
      aggregation: "count",
      points: 1,
      dailyCap: null,
      ...overrides,
    });
    const invalidDocuments: [string, Record<string, unknown>, string[]][] = [
      ["an unknown time zone", { timezone: "Europe/Atlantis" }, ["timezone"]],
      ["a UTC offset for a time zone", { timezone: "+01:00" }, ["timezone"]],
      ["a date-time for a time zone", { timezone: "2026-01-01T00:00:00+01:00[Europe/Paris]" }, ["timezone"]],
      ["a missing name", { name: undefined }, ["name"]],
      ["a blank name", { name: "   " }, ["name"]],
      ["an unknown visibility", { visibility: "secret" }, ["visibility"]],
      ["an unknown team aggregation", { teamAggregation: "median" }, ["teamAggregation"]],
      ["an unknown field", { colour: "red" }, ["colour"]],
      ["an unknown field of a metric", { metrics: [metric({ colour: "red" })] }, ["metrics[0].colour"]],
      ["duplicate metric keys", { metrics: [metric({}), metric({ name: "Again" })], targets: [] }, ["metrics[1].key"]],
      [
        "duplicate team keys",
        {
          teams: [
            { key: "uk", name: "UK", parent: null },
            { key: "uk", name: "UK 2", parent: null },
          ],
          targets: [],
        },
        ["teams[1].key"],
      ],
      [
        "duplicate target keys",
        {
          targets: [
            { key: "t", subject: { team: "uk" }, metric: null, period: "week", value: 1 },
            { key: "t", subject: { team: "uk" }, metric: null, period: "month", value: 1 },
          ],
        },
        ["targets[1].key"],
      ],
      [
        "a team cycle",
        {
          teams: [
            { key: "a", name: "A", parent: "c" },
            { key: "b", name: "B", parent: "a" },
            { key: "c", name: "C", parent: "b" },
          ],
          targets: [],
        },
        ["teams[0].parent", "teams[1].parent", "teams[2].parent"],
      ],
      ["a team that is its own parent", { teams: [{ key: "a", name: "A", parent: "a" }], targets: [] }, ["teams[0].parent"]],
      ["a parent that is not a team", { teams: [{ key: "a", name: "A", parent: "nowhere" }], targets: [] }, ["teams[0].parent"]],
      [
        "a target of an unknown team",
        { targets: [{ key: "t", subject: { team: "apac" }, metric: null, period: "week", value: 1 }] },
        ["targets[0].subject.team"],
      ],
      ["a target of an unknown metric", { targets: [{ key: "t", subject: { team: "uk" }, metric: "likes", period: "week", value: 1 }] }, ["targets[0].metric"]],
      ["a target of a day", { targets: [{ key: "t", subject: { team: "uk" }, metric: null, period: "day", value: 1 }] }, ["targets[0].period"]],
      ["a target value of 0", { targets: [{ key: "t", subject: { team: "uk" }, metric: null, period: "week", value: 0 }] }, ["targets[0].value"]],
      [
        "a target with two subjects",
        { targets: [{ key: "t", subject: { team: "uk", participant: "ana" }, metric: null, period: "week", value: 1 }] },
        ["targets[0].subject"],
      ],
      ["points with 3 decimals", { metrics: [metric({ points: 1.125 })] }, ["metrics[0].points"]],
      ["negative points", { metrics: [metric({ points: -1 })] }, ["metrics[0].points"]],
      ["points given as text", { metrics: [metric({ points: "2" })] }, ["metrics[0].points"]],
      ["a daily cap of 0", { metrics: [metric({ dailyCap: 0 })] }, ["metrics[0].dailyCap"]],
      ["a negative daily cap", { metrics: [metric({ dailyCap: -5 })] }, ["metrics[0].dailyCap"]],
      ["a daily cap with 3 decimals", { metrics: [metric({ dailyCap: 0.001 })] }, ["metrics[0].dailyCap"]],
      ["a metric key with capitals", { metrics: [metric({ key: "Tweet" })] }, ["metrics[0].key"]],
      ["an unknown indicator", { metrics: [metric({ indicator: "leading" })] }, ["metrics[0].indicator"]],
      ["an unknown aggregation", { metrics: [metric({ aggregation: "max" })] }, ["metrics[0].aggregation"]],
      ["an effectiveFrom that is no date", { metrics: [metric({ effectiveFrom: "2026-02-30" })] }, ["metrics[0].effectiveFrom"]],
      ["an effectiveFrom with a time", { metrics: [metric({ effectiveFrom: "2026-02-03T00:00:00Z" })] }, ["metrics[0].effectiveFrom"]],
      ["more than 100 metrics", { metrics: Array.from({ length: 101 }, (_, i) => metric({ key: `m${i}` })), targets: [] }, ["metrics"]],
    ];

    it.each(invalidDocuments)("422 for %s, listing the field", async (_, overrides, paths) => {
      const org = await newOrg();
      const slug = unique("prog");
      const details = expectInvalidFields(await api("PUT", `/v1/programs/${slug}`, { key: org.adminKey, body: basicDocument(overrides) }), paths);
      for (const d of details) expect(d.message.length).toBeGreaterThan(0);
      expect(await env.DB.prepare("SELECT id FROM programs WHERE slug = ?").bind(slug).first()).toBeNull();
    });

    it("422 listing every invalid field of a document at once", async () => {
      const org = await newOrg();
      const res = await api("PUT", `/v1/programs/${unique("prog")}`, {
        key: org.adminKey,
        body: basicDocument({ timezone: "Mars/Olympus", metrics: [metric({ points: -1, dailyCap: 0 })], visibility: "everyone" }),
      });
      expectInvalidFields(res, ["timezone", "metrics[0].points", "metrics[0].dailyCap", "visibility"]);
    });

    it("422 for changing a metric's aggregation, which would change what its stored events mean", async () => {
      const p = await newProgram(basicDocument(), at);
      const metrics = storedBasicDocument().metrics.map((m) => (m.key === "tweet" ? { ...m, aggregation: "sum" } : m));
      expectInvalidFields(await at("PUT", p.base, { key: p.adminKey, body: basicDocument({ metrics }) }), ["metrics[0].aggregation"]);
    });
  });

  describe("changes that would move stored data", () => {
    it("changes the time zone while there are no events, and refuses with 409 once there are", async () => {
      const p = await newProgram(basicDocument(), at);
      expect((await at("PUT", p.base, { key: p.adminKey, body: basicDocument({ timezone: "America/New_York" }) })).status).toBe(200);
      await addParticipants(p, [{ id: "ana" }], undefined, at);
      const event = { id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" };
      expect((await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [event] } })).body.accepted).toBe(1);
      expectError(await at("PUT", p.base, { key: p.adminKey, body: basicDocument({ timezone: "Europe/London" }) }), 409, "timezone_locked");
      expect((await at("GET", p.base, { key: p.adminKey })).body.timezone).toBe("America/New_York");
    });

    it("refuses with 409 to remove a team that still has participants", async () => {
      const p = await newProgram(basicDocument(), at);
      await addParticipants(p, [{ id: "ana", team: "uk" }], undefined, at);
      const res = await at("PUT", p.base, { key: p.adminKey, body: basicDocument({ teams: [{ key: "emea", name: "EMEA", parent: null }], targets: [] }) });
      expect(expectError(res, 409, "team_in_use").details).toEqual({ teams: ["uk"] });
      expect((await at("GET", p.base, { key: p.adminKey })).body.teams).toHaveLength(2);
    });
  });

  describe("weight versions", () => {
    const doc = (tweet: Record<string, unknown>) =>
      basicDocument({ metrics: [{ key: "tweet", name: "Tweets", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5, ...tweet }] });
    /** The tweet metric's weight versions as the engine stores them (its program_state JSON), by date. */
    const versions = async (slug: string) =>
      (await engineProgram(slug)).metrics
        .find((m) => m.key === "tweet")!
        .versions.map(({ effectiveFrom, pointsH, dailyCapH }) => ({ effectiveFrom, pointsH, dailyCapH }))
        .sort((x, y) => (x.effectiveFrom < y.effectiveFrom ? -1 : 1));
    const tweetOf = async (call: typeof api, p: { base: string; adminKey: string }) =>
      (await call("GET", p.base, { key: p.adminKey })).body.metrics.find((m: { key: string }) => m.key === "tweet");

    it("dates the first version by effectiveFrom, or else by the local date of creation", async () => {
      const lateEvening = apiAt(() => Date.parse("2026-12-01T23:30:00-05:00")); // already 2 December in London
      const p = await newProgram(doc({}), lateEvening);
      expect(await tweetOf(api, p)).toMatchObject({ points: 2, dailyCap: 5, effectiveFrom: "2026-12-02" });
      const q = await newProgram(doc({ effectiveFrom: "2026-01-05" }), lateEvening);
      expect(await tweetOf(api, q)).toMatchObject({ points: 2, dailyCap: 5, effectiveFrom: "2026-01-05" });
    });

    it("adds a version dated today for a changed weight without effectiveFrom", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
      const later = apiAt(() => Date.parse("2026-12-10T09:00:00Z"));
      const res = await later("PUT", p.base, { key: p.adminKey, body: doc({ points: 3 }) });
      expect(res.status).toBe(200);
      expect(res.body.metrics[0]).toMatchObject({ points: 3, dailyCap: 5, effectiveFrom: "2026-12-10" });
      expect(await tweetOf(later, p)).toMatchObject({ points: 3, dailyCap: 5, effectiveFrom: "2026-12-10" });
      expect(await versions(p.program)).toEqual([
        { effectiveFrom: "2026-11-01", pointsH: 200, dailyCapH: 500 },
        { effectiveFrom: "2026-12-10", pointsH: 300, dailyCapH: 500 },
      ]);
    });

    it("adds a version dated effectiveFrom for a changed cap, replacing the versions dated on or after it", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
      await at("PUT", p.base, { key: p.adminKey, body: doc({ points: 3, effectiveFrom: "2026-11-20" }) });
      await at("PUT", p.base, { key: p.adminKey, body: doc({ points: 4, effectiveFrom: "2026-11-25" }) });
      expect(await versions(p.program)).toHaveLength(3);
      const res = await at("PUT", p.base, { key: p.adminKey, body: doc({ points: 4, dailyCap: null, effectiveFrom: "2026-11-20" }) });
      expect(res.body.metrics[0]).toMatchObject({ points: 4, dailyCap: null, effectiveFrom: "2026-11-20" });
      expect(await versions(p.program)).toEqual([
        { effectiveFrom: "2026-11-01", pointsH: 200, dailyCapH: 500 },
        { effectiveFrom: "2026-11-20", pointsH: 400, dailyCapH: null },
      ]);
    });

    it("adds no version when the weight equals the latest one, whatever effectiveFrom says", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
      const res = await at("PUT", p.base, { key: p.adminKey, body: doc({ effectiveFrom: "2026-11-15" }) });
      expect(res.body.metrics[0]).toMatchObject({ points: 2, dailyCap: 5, effectiveFrom: "2026-11-01" });
      expect(await versions(p.program)).toEqual([{ effectiveFrom: "2026-11-01", pointsH: 200, dailyCapH: 500 }]);
    });

    it("re-scores the stored days from effectiveFrom on and leaves the days before it alone", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
      await addParticipants(p, [{ id: "ana" }], undefined, at);
      const tweets = (day: string, n: number) =>
        Array.from({ length: n }, (_, i) => ({ id: `${day}-${i}`, participant: "ana", metric: "tweet", occurredAt: `${day}T10:00:0${i}Z` }));
      // 2026-11-06 is in W45, 2026-11-17 to 2026-11-19 in W47; 7 tweets are capped at 5.
      const events = [...tweets("2026-11-06", 3), ...tweets("2026-11-17", 7), ...tweets("2026-11-18", 2), ...tweets("2026-11-19", 1)];
      expect((await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events } })).body.accepted).toBe(13);
      const points = async () => Object.fromEntries((await rollups(p.program)).map((r) => [r.day, r.points]));
      expect(await points()).toEqual({ "2026-11-06": 300 * 200, "2026-11-17": 500 * 200, "2026-11-18": 200 * 200, "2026-11-19": 100 * 200 });

      // From 18 November on, tweets are worth 3 and capped at 6.
      await at("PUT", p.base, { key: p.adminKey, body: doc({ points: 3, dailyCap: 6, effectiveFrom: "2026-11-18" }) });
      expect(await points()).toEqual({ "2026-11-06": 300 * 200, "2026-11-17": 500 * 200, "2026-11-18": 200 * 300, "2026-11-19": 100 * 300 });
      expect(await periodScores(p.program)).toEqual({
        "ana 2026-11-06": 60000,
        "ana 2026-11-17": 100000,
        "ana 2026-11-18": 60000,
        "ana 2026-11-19": 30000,
        "ana 2026-W45": 60000,
        "ana 2026-W47": 190000,
        "ana 2026-11": 250000,
        "ana 2026-Q4": 250000,
        "ana all": 250000,
      });

      // Re-scoring history from before the first version: every day moves.
      await at("PUT", p.base, { key: p.adminKey, body: doc({ points: 1, dailyCap: 6, effectiveFrom: "2026-10-01" }) });
      expect(await points()).toEqual({ "2026-11-06": 300 * 100, "2026-11-17": 600 * 100, "2026-11-18": 200 * 100, "2026-11-19": 100 * 100 });
      expect((await periodScores(p.program))["ana all"]).toBe(120000);
      expect(await versions(p.program)).toEqual([{ effectiveFrom: "2026-10-01", pointsH: 100, dailyCapH: 600 }]);
    });

    it("re-weights from today on without moving past days", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
      await addParticipants(p, [{ id: "ana" }], undefined, at);
      const event = { id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-30T10:00:00Z" };
      await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [event] } });
      await at("PUT", p.base, { key: p.adminKey, body: doc({ points: 10 }) });
      expect((await rollups(p.program)).map((r) => r.points)).toEqual([100 * 200]);
      expect((await periodScores(p.program))["ana all"]).toBe(20000);
    });

    it("scores days before the first version with the first version", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-25", points: 1.5 }), at);
      await addParticipants(p, [{ id: "ana" }], undefined, at);
      const event = { id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-02T10:00:00Z" };
      await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [event] } });
      expect((await rollups(p.program)).map((r) => r.points)).toEqual([100 * 150]);
    });

    it("re-scores an event stored while the re-weighting PUT is under way", async () => {
      // The engine runs one call at a time, so a re-weighting PUT and an event posted at the same
      // moment are applied one after the other, in either order: both ways the event is re-scored.
      // (Before the engine, this raced a D1 batch guard; the race left with D1's ledger.)
      for (const order of ["event first", "PUT first"]) {
        const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
        await addParticipants(p, [{ id: "ana" }], undefined, at);
        const post = (id: string, occurredAt: string) =>
          at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [{ id, participant: "ana", metric: "tweet", occurredAt }] } });
        await post("late", "2026-11-30T10:00:00Z");
        const put = () => at("PUT", p.base, { key: p.adminKey, body: doc({ points: 10, effectiveFrom: "2026-11-01" }) });
        const early = () => post("early", "2026-11-10T10:00:00Z");
        const [first, second] = order === "event first" ? [early(), put()] : [put(), early()];
        const answers = await Promise.all([first, second]);
        expect(
          answers.map((a) => a.status),
          order,
        ).toEqual([200, 200]);
        expect(
          (await rollups(p.program)).map((r) => [r.day, r.points]),
          order,
        ).toEqual([
          ["2026-11-10", 100 * 1000],
          ["2026-11-30", 100 * 1000],
        ]);
        expect(await periodScores(p.program), order).toEqual({
          "ana 2026-11-10": 100_000,
          "ana 2026-W46": 100_000,
          "ana 2026-11-30": 100_000,
          "ana 2026-W49": 100_000,
          "ana 2026-11": 200_000,
          "ana 2026-Q4": 200_000,
          "ana all": 200_000,
        });
      }
    });

    it("re-scores every day when a metric turns from lead to lag", async () => {
      const p = await newProgram(doc({ effectiveFrom: "2026-11-01" }), at);
      await addParticipants(p, [{ id: "ana" }], undefined, at);
      const event = { id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-30T10:00:00Z" };
      await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [event] } });
      expect((await periodScores(p.program))["ana all"]).toBe(20000);
      await at("PUT", p.base, { key: p.adminKey, body: doc({ indicator: "lag" }) });
      expect((await rollups(p.program)).map((r) => [r.capped_h, r.points])).toEqual([[100, 0]]);
      expect(await periodScores(p.program)).toEqual({});
    });
  });
});
