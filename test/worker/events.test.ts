import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addParticipants, api, apiAt, basicDocument, newOrg, newProgram } from "./api";
import { engineRows, expectError, expectInvalidFields, periodScores, rollups, storedEvents } from "./checks";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const at = apiAt(() => NOW);

type Program = Awaited<ReturnType<typeof newProgram>>;

/**
 * basicDocument (Europe/London; tweet: lead count, 2 points, cap 5; call-prep: lead sum, 0.5
 * points; deal-won: lag count) with ana opted in since 2020, bo opted in from 10 to 20 November
 * 2026, and cy never opted in.
 */
async function salesProgram(doc = basicDocument()): Promise<Program> {
  const p = await newProgram(doc, at);
  await addParticipants(p, [{ id: "ana", team: "uk" }, { id: "bo" }], "2020-01-01T00:00:00Z", at);
  await at("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [{ id: "cy", displayName: "Cy" }] } });
  await at("POST", `${p.base}/participants/bo/opt-out`, { key: p.adminKey, body: { at: "2026-01-01T00:00:00Z" } });
  await at("POST", `${p.base}/participants/bo/opt-in`, { key: p.adminKey, body: { at: "2026-11-10T00:00:00Z" } });
  await at("POST", `${p.base}/participants/bo/opt-out`, { key: p.adminKey, body: { at: "2026-11-20T00:00:00Z" } });
  return p;
}

const post = (p: Program, events: unknown[], call = at) => call("POST", `${p.base}/events`, { key: p.adminKey, body: { events } });

const tweet = (id: string, occurredAt = "2026-11-20T10:00:00Z", extra: Record<string, unknown> = {}) => ({
  id,
  participant: "ana",
  metric: "tweet",
  occurredAt,
  ...extra,
});

describe("POST /v1/programs/{program}/events", () => {
  it("stores accepted events on their local day and keeps rollups and period scores", async () => {
    const p = await salesProgram();
    const events = [
      ...Array.from({ length: 7 }, (_, i) => tweet(`t${i}`, `2026-11-20T09:0${i}:00Z`)),
      { id: "c1", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T11:00:00Z", value: 1.25 },
      { id: "c2", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T12:00:00+01:00", value: 2.5, attributes: { crm: "hubspot", n: 3 } },
      { id: "d1", participant: "ana", metric: "deal-won", occurredAt: "2026-11-20T15:00:00Z", value: 1 },
      // 23:30 at UTC-1 is 00:30 on the 21st in London (GMT).
      tweet("late", "2026-11-20T23:30:00-01:00"),
      // 23:30 UTC on 24 October is 00:30 on the 25th in London (BST, UTC+1).
      tweet("summer", "2026-10-24T23:30:00Z"),
    ];
    const res = await post(p, events);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 12, duplicates: 0, rejected: [] });

    const stored = await storedEvents(p.program);
    expect(stored).toHaveLength(12);
    expect(stored.find((e) => e.id === "c2")).toEqual({
      id: "c2",
      participant: "ana",
      metric: "call-prep",
      occurred_at: Date.parse("2026-11-20T11:00:00Z"),
      day: "2026-11-20",
      value_h: 250,
      attributes: `{"crm":"hubspot","n":3}`,
    });
    expect(stored.find((e) => e.id === "late")).toMatchObject({ day: "2026-11-21", value_h: 100, attributes: null });
    expect(stored.find((e) => e.id === "summer")).toMatchObject({ day: "2026-10-25" });

    expect(await rollups(p.program)).toEqual([
      { participant: "ana", metric: "call-prep", day: "2026-11-20", units_h: 375, capped_h: 375, points: 375 * 50 },
      { participant: "ana", metric: "deal-won", day: "2026-11-20", units_h: 100, capped_h: 100, points: 0 },
      { participant: "ana", metric: "tweet", day: "2026-10-25", units_h: 100, capped_h: 100, points: 100 * 200 },
      { participant: "ana", metric: "tweet", day: "2026-11-20", units_h: 700, capped_h: 500, points: 500 * 200 },
      { participant: "ana", metric: "tweet", day: "2026-11-21", units_h: 100, capped_h: 100, points: 100 * 200 },
    ]);
    expect(await periodScores(p.program)).toEqual({
      "ana 2026-10-25": 20000,
      "ana 2026-11-20": 118750,
      "ana 2026-11-21": 20000,
      "ana 2026-W43": 20000,
      "ana 2026-W47": 138750,
      "ana 2026-10": 20000,
      "ana 2026-11": 138750,
      "ana 2026-Q4": 158750,
      "ana all": 158750,
    });
  });

  it("adds later batches to the rollups, capping each day's total", async () => {
    const p = await salesProgram();
    await post(p, [tweet("a"), tweet("b"), tweet("c")]);
    await post(p, [tweet("d"), tweet("e"), tweet("f")]);
    expect(await rollups(p.program)).toEqual([{ participant: "ana", metric: "tweet", day: "2026-11-20", units_h: 600, capped_h: 500, points: 100000 }]);
    expect((await periodScores(p.program))["ana 2026-W47"]).toBe(100000);
  });

  it("answers rejections in batch order with index, id, reason and message, storing only the accepted events", async () => {
    const p = await salesProgram();
    const res = await post(p, [
      tweet("ok-1"),
      tweet("bad", "2026-11-20T10:00:00Z", { participant: "nobody" }),
      tweet("ok-1"),
      { id: "no-metric", participant: "ana", occurredAt: "2026-11-20T10:00:00Z" },
      tweet("ok-2", "2026-11-21T10:00:00Z"),
      tweet("ok-1", "2026-11-20T10:00:01Z"),
    ]);
    expect(res.body.accepted).toBe(2);
    expect(res.body.duplicates).toBe(1);
    expect(res.body.rejected.map((r: object) => Object.keys(r).sort())).toEqual(Array(3).fill(["id", "index", "message", "reason"]));
    expect(res.body.rejected.map(({ index, id, reason }: { index: number; id: string; reason: string }) => ({ index, id, reason }))).toEqual([
      { index: 1, id: "bad", reason: "unknown_participant" },
      { index: 3, id: "no-metric", reason: "invalid" },
      { index: 5, id: "ok-1", reason: "id_conflict" },
    ]);
    expect((await storedEvents(p.program)).map((e) => e.id)).toEqual(["ok-1", "ok-2"]);
  });

  describe("rejects an event with one reason", () => {
    let p: Program;
    beforeAll(async () => {
      p = await salesProgram();
    });

    const invalidEvents: [string, unknown, string][] = [
      ["no id", { participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" }, "id"],
      ["an empty id", tweet(""), "id"],
      ["an id of 129 characters", tweet("x".repeat(129)), "id"],
      ["a numeric id", { ...tweet("x"), id: 42 }, "id"],
      ["no participant", { id: "x", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" }, "participant"],
      ["a numeric participant", tweet("x", undefined, { participant: 7 }), "participant"],
      ["no metric", { id: "x", participant: "ana", occurredAt: "2026-11-20T10:00:00Z" }, "metric"],
      ["no occurredAt", { id: "x", participant: "ana", metric: "tweet" }, "occurredAt"],
      ["an occurredAt without offset", tweet("x", "2026-11-20T10:00:00"), "occurredAt"],
      ["an occurredAt that is a date", tweet("x", "2026-11-20"), "occurredAt"],
      ["an occurredAt on 31 November", tweet("x", "2026-11-31T10:00:00Z"), "occurredAt"],
      ["an occurredAt in epoch ms", tweet("x", Date.parse("2026-11-20T10:00:00Z") as unknown as string), "occurredAt"],
      ["a negative value", { id: "x", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z", value: -1 }, "value"],
      ["a value as text", { id: "x", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z", value: "2" }, "value"],
      ["a value with 3 decimals", { id: "x", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z", value: 0.125 }, "value"],
      ["no value for a sum metric", { id: "x", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z" }, "value"],
      ["a value of 2 for a count metric", tweet("x", undefined, { value: 2 }), "value"],
      ["a value of 0 for a count metric", tweet("x", undefined, { value: 0 }), "value"],
      ["nested attributes", tweet("x", undefined, { attributes: { crm: { name: "hubspot" } } }), "attributes"],
      ["attributes that are a list", tweet("x", undefined, { attributes: ["a"] }), "attributes"],
      ["attributes over 2 KB", tweet("x", undefined, { attributes: { note: "n".repeat(2040) } }), "attributes"],
      ["an unknown field", tweet("x", undefined, { weight: 3 }), "weight"],
    ];

    it.each(invalidEvents)("invalid: %s, with a message naming the field", async (_, event, field) => {
      const before = await storedEvents(p.program);
      const res = await post(p, [event]);
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(0);
      expect(res.body.duplicates).toBe(0);
      expect(res.body.rejected).toHaveLength(1);
      const rejection = res.body.rejected[0];
      expect(rejection).toMatchObject({ index: 0, reason: "invalid" });
      expect(rejection.id).toBe(typeof (event as { id?: unknown }).id === "string" ? (event as { id: string }).id : null);
      expect(rejection.message).toMatch(new RegExp(`^${field}\\b`));
      expect(await storedEvents(p.program)).toEqual(before);
    });

    it("invalid: an event that is not an object, with id null", async () => {
      const res = await post(p, [null, "tweet", 5, []]);
      expect(res.body.rejected.map((r: { index: number; id: unknown; reason: string }) => [r.index, r.id, r.reason])).toEqual([
        [0, null, "invalid"],
        [1, null, "invalid"],
        [2, null, "invalid"],
        [3, null, "invalid"],
      ]);
    });

    it("accepts attributes of exactly 2 KB and a value with 2 decimals", async () => {
      const attributes = { note: "n".repeat(2048 - `{"note":""}`.length) };
      const res = await post(p, [
        tweet("two-kb", undefined, { attributes }),
        { id: "cents", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z", value: 0.29 },
      ]);
      expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      expect((await storedEvents(p.program)).find((e) => e.id === "cents")!.value_h).toBe(29);
    });

    it("unknown_participant: no participant with that id in the program", async () => {
      await at("PUT", `/v1/programs/${p.program}-b`, { key: p.adminKey, body: basicDocument() });
      await addParticipants({ base: `/v1/programs/${p.program}-b`, adminKey: p.adminKey }, [{ id: "dee" }], undefined, at);
      const res = await post(p, [tweet("x", undefined, { participant: "dee" }), tweet("y", undefined, { participant: "ANA" })]);
      expect(res.body.rejected).toEqual([
        { index: 0, id: "x", reason: "unknown_participant", message: expect.stringContaining("dee") },
        { index: 1, id: "y", reason: "unknown_participant", message: expect.stringContaining("ANA") },
      ]);
    });

    it("unknown_metric: no metric with that key in the program", async () => {
      const res = await post(p, [tweet("x", undefined, { metric: "likes" })]);
      expect(res.body.rejected).toEqual([{ index: 0, id: "x", reason: "unknown_metric", message: expect.stringContaining("likes") }]);
    });

    it("not_opted_in: never opted in, before the opt-in and from the opt-out on", async () => {
      const res = await post(p, [
        tweet("cy", undefined, { participant: "cy" }),
        tweet("bo-before", "2026-11-09T23:59:59.999Z", { participant: "bo" }),
        tweet("bo-at-in", "2026-11-10T00:00:00Z", { participant: "bo" }),
        tweet("bo-last", "2026-11-19T23:59:59.999Z", { participant: "bo" }),
        tweet("bo-at-out", "2026-11-20T00:00:00Z", { participant: "bo" }),
        tweet("bo-after", "2026-11-25T00:00:00Z", { participant: "bo" }),
        tweet("bo-long-ago", "2025-06-01T00:00:00Z", { participant: "bo" }),
      ]);
      expect(res.body.accepted).toBe(3);
      expect(res.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason])).toEqual([
        ["cy", "not_opted_in"],
        ["bo-before", "not_opted_in"],
        ["bo-at-out", "not_opted_in"],
        ["bo-after", "not_opted_in"],
      ]);
      const ids = (await storedEvents(p.program)).map((e) => e.id).filter((id) => id.startsWith("bo-") || id === "cy");
      expect(ids).toEqual(["bo-at-in", "bo-last", "bo-long-ago"]);
    });

    it("future: more than 5 minutes ahead of the server's clock", async () => {
      const res = await post(p, [
        tweet("in-5-min", new Date(NOW + 5 * 60_000).toISOString()),
        tweet("in-5-min-1ms", new Date(NOW + 5 * 60_000 + 1).toISOString()),
        tweet("tomorrow-by-offset", "2026-12-01T23:00:00+10:00"), // 13:00 UTC
        tweet("later-today-by-offset", "2026-12-01T08:04:00-04:00"), // 12:04 UTC
      ]);
      expect(res.body.accepted).toBe(2);
      expect(res.body.rejected).toEqual([
        { index: 1, id: "in-5-min-1ms", reason: "future", message: expect.stringContaining("occurredAt") },
        { index: 2, id: "tomorrow-by-offset", reason: "future", message: expect.stringContaining("occurredAt") },
      ]);
    });

    it("id_conflict: the id is stored already with different content", async () => {
      const original = { id: "orig", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z", value: 1.5, attributes: { a: 1 } };
      expect((await post(p, [original])).body.accepted).toBe(1);
      const changes = [
        { participant: "bo" },
        { metric: "tweet", value: undefined },
        { occurredAt: "2026-11-20T10:00:00.001Z" },
        { value: 1.51 },
        { attributes: { a: 2 } },
        { attributes: { a: 1, b: null } },
        { attributes: undefined },
      ];
      const res = await post(
        p,
        changes.map((change) => ({ ...original, ...change })),
      );
      expect(res.body.accepted).toBe(0);
      expect(res.body.rejected.map((r: { reason: string }) => r.reason)).toEqual(Array(changes.length).fill("id_conflict"));
      expect(res.body.rejected[0].message).toContain("orig");
      expect((await storedEvents(p.program)).filter((e) => e.id === "orig")).toMatchObject([{ participant: "ana", value_h: 150, attributes: `{"a":1}` }]);
    });

    it("id_conflict: the id appeared earlier in the same batch with different content", async () => {
      const res = await post(p, [tweet("twice"), tweet("twice", "2026-11-21T10:00:00Z")]);
      expect(res.body).toEqual({
        accepted: 1,
        duplicates: 0,
        rejected: [{ index: 1, id: "twice", reason: "id_conflict", message: expect.any(String) }],
      });
      expect((await storedEvents(p.program)).filter((e) => e.id === "twice")).toMatchObject([{ day: "2026-11-20" }]);
    });
  });

  it("unknown_metric for an archived metric, whose stored events keep their points", async () => {
    const p = await salesProgram();
    expect((await post(p, [tweet("before")])).body.accepted).toBe(1);
    const withoutTweet = basicDocument({ metrics: (basicDocument().metrics as { key: string }[]).filter((m) => m.key !== "tweet") });
    expect((await at("PUT", p.base, { key: p.adminKey, body: withoutTweet })).status).toBe(200);
    const res = await post(p, [tweet("after"), tweet("before")]);
    expect(res.body).toEqual({
      accepted: 0,
      // A retry of an event stored before the metric was archived is still the same event.
      duplicates: 1,
      rejected: [{ index: 0, id: "after", reason: "unknown_metric", message: expect.stringContaining("tweet") }],
    });
    expect(await rollups(p.program)).toMatchObject([{ metric: "tweet", points: 20000 }]);
    expect((await periodScores(p.program))["ana all"]).toBe(20000);
  });

  it("accepts events of participants who never opted in where the program does not require opt-in", async () => {
    const p = await salesProgram(basicDocument({ requireOptIn: false }));
    const res = await post(p, [tweet("cy", undefined, { participant: "cy" }), tweet("bo", "2026-11-25T00:00:00Z", { participant: "bo" })]);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });

  describe("counts duplicates once", () => {
    it("an id twice in one batch with the same content", async () => {
      const p = await salesProgram();
      expect((await post(p, [tweet("a"), tweet("a"), tweet("b"), tweet("a")])).body).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
      expect(await rollups(p.program)).toMatchObject([{ units_h: 200 }]);
    });

    it("a retry of a whole batch, which changes nothing", async () => {
      const p = await salesProgram();
      const batch = [tweet("a"), tweet("b"), { id: "c", participant: "ana", metric: "call-prep", occurredAt: "2026-11-20T10:00:00Z", value: 3 }];
      expect((await post(p, batch)).body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
      const before = { events: await storedEvents(p.program), rollups: await rollups(p.program), scores: await periodScores(p.program) };
      const receivedAt = async () => engineRows(p.program, "SELECT received_at FROM events ORDER BY id");
      const received = await receivedAt();
      expect(received).toEqual(Array(3).fill({ received_at: NOW }));
      const retry = apiAt(() => NOW + 60_000);
      for (let i = 0; i < 2; i++) expect((await post(p, batch, retry)).body).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
      expect({ events: await storedEvents(p.program), rollups: await rollups(p.program), scores: await periodScores(p.program) }).toEqual(before);
      expect(await receivedAt()).toEqual(received);
    });

    it("a retry that overlaps an earlier batch, accepting only what is new", async () => {
      const p = await salesProgram();
      await post(p, [tweet("a"), tweet("b")]);
      expect((await post(p, [tweet("b"), tweet("c"), tweet("a")])).body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
      expect(await rollups(p.program)).toMatchObject([{ units_h: 300 }]);
    });

    it("a count event with value 1 and the same event without a value", async () => {
      const p = await salesProgram();
      expect((await post(p, [tweet("a", undefined, { value: 1 }), tweet("a")])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      expect((await post(p, [tweet("b"), tweet("b", undefined, { value: 1 })])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    });

    it("attributes with their keys in another order", async () => {
      const p = await salesProgram();
      const first = tweet("a", undefined, { attributes: { source: "crm", deal: 17, ok: true, none: null } });
      const reordered = tweet("a", undefined, { attributes: { none: null, ok: true, deal: 17, source: "crm" } });
      expect((await post(p, [first, reordered])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      expect((await post(p, [reordered])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    });

    it("the same instant written with another offset", async () => {
      const p = await salesProgram();
      const res = await post(p, [tweet("a", "2026-11-20T10:00:00Z"), tweet("a", "2026-11-20T11:00:00.000+01:00"), tweet("a", "2026-11-20t05:00:00-05:00")]);
      expect(res.body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    });
  });

  describe("batch limits", () => {
    it("accepts a batch of exactly 1000 events", async () => {
      const p = await salesProgram();
      const events = Array.from({ length: 1000 }, (_, i) => tweet(`e${i}`, new Date(Date.parse("2026-10-01T00:00:00Z") + i * 1_800_000).toISOString()));
      expect((await post(p, events)).body).toEqual({ accepted: 1000, duplicates: 0, rejected: [] });
      expect(await storedEvents(p.program)).toHaveLength(1000);
    });

    it("413 for more than 1000 events, storing none of them", async () => {
      const p = await salesProgram();
      const events = Array.from({ length: 1001 }, (_, i) => tweet(`e${i}`));
      expectError(await post(p, events), 413, "too_large");
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("413 for a body over 1 MiB, storing none of it", async () => {
      const p = await salesProgram();
      const padding = "x".repeat(1024 * 1024);
      const events = [tweet("small"), tweet("big", undefined, { attributes: { padding } })];
      expectError(await post(p, events), 413, "too_large");
      // Also where the client sends no Content-Length.
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify({ events })));
          controller.close();
        },
      });
      const { createApp } = await import("../../worker/app");
      const response = await createApp({ now: () => NOW }).fetch(
        new Request(`http://leadboard.test${p.base}/events`, {
          method: "POST",
          headers: { Authorization: `Bearer ${p.adminKey}`, "Content-Type": "application/json" },
          body,
        }),
        env,
      );
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("too_large");
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("accepts a body just under 1 MiB", async () => {
      const p = await salesProgram();
      const events = Array.from({ length: 560 }, (_, i) => tweet(`e${i}`, undefined, { attributes: { note: "n".repeat(1700) } }));
      const size = JSON.stringify({ events }).length;
      expect(size).toBeGreaterThan(1_000_000);
      expect(size).toBeLessThan(1024 * 1024);
      expect((await post(p, events)).body).toEqual({ accepted: 560, duplicates: 0, rejected: [] });
    });

    it("422 for a batch without events", async () => {
      const p = await salesProgram();
      expectInvalidFields(await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [] } }), ["events"]);
      expectInvalidFields(await at("POST", `${p.base}/events`, { key: p.adminKey, body: {} }), ["events"]);
      expectInvalidFields(await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: tweet("a") } }), ["events"]);
      expectInvalidFields(await at("POST", `${p.base}/events`, { key: p.adminKey, body: { events: [tweet("a")], dryRun: true } }), ["dryRun"]);
      expectError(await at("POST", `${p.base}/events`, { key: p.adminKey, body: [tweet("a")] }), 422, "invalid");
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("415 for another content type and 400 for malformed JSON", async () => {
      const p = await salesProgram();
      const text = JSON.stringify({ events: [tweet("a")] });
      expectError(
        await at("POST", `${p.base}/events`, { key: p.adminKey, raw: text, headers: { "Content-Type": "text/plain" } }),
        415,
        "unsupported_media_type",
      );
      expectError(await at("POST", `${p.base}/events`, { key: p.adminKey, raw: text, headers: { "Content-Type": "application/x-ndjson" } }), 415);
      expectError(await at("POST", `${p.base}/events`, { key: p.adminKey, raw: text }), 415);
      expectError(
        await at("POST", `${p.base}/events`, { key: p.adminKey, raw: text.slice(0, -2), headers: { "Content-Type": "application/json" } }),
        400,
        "malformed",
      );
      expectError(await at("POST", `${p.base}/events`, { key: p.adminKey, raw: "", headers: { "Content-Type": "application/json" } }), 400, "malformed");
      expect(await storedEvents(p.program)).toEqual([]);
    });
  });

  describe("credentials", () => {
    it("401 without a credential, with an unknown one, or with a malformed Authorization header", async () => {
      const p = await salesProgram();
      const body = { events: [tweet("a")] };
      expectError(await at("POST", `${p.base}/events`, { body }), 401, "unauthorized");
      expectError(await at("POST", `${p.base}/events`, { key: "lbi_unknownunknownunknown", body }), 401, "unauthorized");
      expectError(await at("POST", `${p.base}/events`, { key: `${p.adminKey.slice(0, 12)}tampered`, body }), 401, "unauthorized");
      for (const authorization of [p.adminKey, `Token ${p.adminKey}`, `Bearer ${p.adminKey} ${p.adminKey}`]) {
        expectError(await at("POST", `${p.base}/events`, { headers: { Authorization: authorization }, body }), 401, "unauthorized");
      }
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("accepts the Bearer scheme in any case", async () => {
      const p = await salesProgram();
      const res = await at("POST", `${p.base}/events`, { headers: { Authorization: `bearer ${p.adminKey}` }, body: { events: [tweet("a")] } });
      expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    });

    it("403 for a participant token, even for its own events", async () => {
      const p = await salesProgram();
      const token = (await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
      expectError(await at("POST", `${p.base}/events`, { key: token, body: { events: [tweet("a")] } }), 403, "forbidden");
    });

    it("decides who may post before what the body holds, though the body is read before the credential is checked", async () => {
      const p = await salesProgram();
      const token = (await at("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
      const stranger = await newOrg();
      const json = { "Content-Type": "application/json" };
      expectError(await at("POST", `${p.base}/events`, { raw: "{not json", headers: json }), 401, "unauthorized");
      expectError(await at("POST", `${p.base}/events`, { key: "lbi_unknownunknownunknown", raw: "{not json", headers: json }), 401);
      expectError(await at("POST", `${p.base}/events`, { key: stranger.adminKey, raw: "{not json", headers: json }), 404, "not_found");
      expectError(await at("POST", `${p.base}/events`, { key: token, raw: "{}", headers: { "Content-Type": "text/plain" } }), 403, "forbidden");
      const tooMany = { events: Array.from({ length: 1001 }, (_, i) => tweet(`e${i}`)) };
      expectError(await at("POST", `${p.base}/events`, { key: token, body: tooMany }), 403, "forbidden");
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("401 for an unknown key of a kind that may post, before its body's size or content", async () => {
      const p = await salesProgram();
      const unknownAdmin = `lba_${"x".repeat(43)}`;
      const huge = { events: [tweet("big", undefined, { attributes: { padding: "x".repeat(1024 * 1024) } })] };
      expectError(await at("POST", `${p.base}/events`, { key: unknownAdmin, body: huge }), 401, "unauthorized");
      expectError(await at("POST", `${p.base}/events`, { key: unknownAdmin, raw: "{not json", headers: { "Content-Type": "application/json" } }), 401);
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("403 for the ingest key of another program of the same organisation, storing nothing", async () => {
      const p = await salesProgram();
      const other = await at("PUT", `/v1/programs/${p.slug}-other`, { key: p.adminKey, body: basicDocument() });
      expect(other.status).toBe(201);
      const otherKey = (await at("POST", `/v1/programs/${p.slug}-other/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
      expectError(await at("POST", `${p.base}/events`, { key: otherKey, body: { events: [tweet("a")] } }), 403, "forbidden");
      expect(await storedEvents(p.program)).toEqual([]);
    });

    it("404 for an admin of another organisation, and for a program that does not exist", async () => {
      const p = await salesProgram();
      const stranger = await newOrg();
      expectError(await at("POST", `${p.base}/events`, { key: stranger.adminKey, body: { events: [tweet("a")] } }), 404, "not_found");
      expectError(await api("POST", `/v1/programs/no-such-program-here/events`, { key: p.adminKey, body: { events: [tweet("a")] } }), 404, "not_found");
      expect(await storedEvents(p.program)).toEqual([]);
    });
  });
});

describe("posts that arrive together (stored in one commit: worker/engine/group-commit.ts)", () => {
  it("are judged in arrival order, as if stored one by one, and each answered for itself", async () => {
    const p = await salesProgram();
    const singles = Array.from({ length: 30 }, (_, i) => post(p, [tweet(`g${i}`, `2026-11-2${i % 3}T10:00:00Z`)]));
    // The same id with other content twice, and the same event twice, racing the singles.
    const first = post(p, [tweet("same", "2026-11-20T11:00:00Z")]);
    const conflicting = post(p, [tweet("same", "2026-11-20T12:00:00Z")]);
    const repeated = post(p, [tweet("same", "2026-11-20T11:00:00Z")]);
    const answers = await Promise.all([...singles, first, conflicting, repeated]);
    expect(answers.slice(0, 30).map((a) => a.body)).toEqual(Array.from({ length: 30 }, () => ({ accepted: 1, duplicates: 0, rejected: [] })));
    expect(answers[30].body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(answers[31].body.rejected.map((r: { reason: string }) => r.reason)).toEqual(["id_conflict"]);
    expect(answers[32].body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await storedEvents(p.program)).length).toBe(31);
    // ana's 31 tweets: 10 or 11 a day over three days, capped at 5 a day (2 points each).
    expect((await periodScores(p.program))["ana 2026-W47"]).toBe(3 * 5 * 2 * 10_000);
  });
});
