/**
 * Webhooks: subscriptions (admin only; 422 for a bad url, events or format; delete → 404), and
 * deliveries of report.published to the local receiver (never an outside address) in JSON and
 * Slack formats, signed with the secret given at creation, retried with exponential backoff by
 * deliverDue at advancing fixed clocks until delivered or MAX_ATTEMPTS have failed.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { backoff, deliverDue, MAX_ATTEMPTS } from "../../worker/webhooks/deliveries";
import { newOrg } from "./api";
import { expectError, expectInvalidFields, programId } from "./checks";
import type { Program } from "./reads";
import {
  DAY,
  PTS,
  type Clock,
  clocked,
  db,
  deliveries,
  failNext,
  generated,
  signature,
  hook,
  iso,
  ms,
  participantsAt,
  postAt,
  programAt,
  received,
  report,
  subscribe,
} from "./weekly";

// Many API calls a test: on a machine busy with other suites they outlast the 5-second default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const AFTER_W47 = "2026-11-23T06:00:00Z";

/** The scheduled job's delivery run at `now`, kept to `p`'s deliveries: other test files share this D1. */
const deliverDueOf = async (p: Program, now: number) => deliverDue(db(), now, { programId: await programId(p.program) });

/** A London program with three sellers, weeks 46 and 47 scored, and its clock just after week 47. */
async function setup(overrides: Record<string, unknown> = {}) {
  const clock = clocked("2026-11-02T09:00:00Z");
  const p = await programAt(clock, { metrics: [PTS], requireOptIn: false, ...overrides });
  await participantsAt(
    clock,
    p,
    [
      { id: "a", displayName: "Ana & <Bo>" },
      { id: "b", displayName: "Ben" },
      { id: "c", displayName: "Cy" },
    ],
    false,
  );
  clock.set(AFTER_W47);
  await postAt(clock, p, [
    { participant: "a", metric: "pts", occurredAt: "2026-11-10T10:00:00Z", value: 1 },
    { participant: "b", metric: "pts", occurredAt: "2026-11-10T10:00:00Z", value: 5 },
    { participant: "c", metric: "pts", occurredAt: "2026-11-10T10:00:00Z", value: 5 },
    { participant: "a", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 9.5 },
    { participant: "b", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 4 },
    { participant: "c", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 5 },
  ]);
  return { clock, p };
}

const create = (clock: Clock, p: Program, body: unknown, key: string | undefined = p.adminKey) => clock.call("POST", `${p.base}/webhooks`, { key, body });

describe("subscriptions", () => {
  it("create shows the secret once; list never does; delete answers 404 after", async () => {
    const { clock, p } = await setup();
    const target = hook("crud");
    const res = await create(clock, p, { url: target.url, events: ["report.published"] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      url: target.url,
      events: ["report.published"],
      format: "json",
      createdAt: "2026-11-23T06:00:00.000Z",
      secret: expect.stringMatching(/^whsec_[0-9a-f]{48}$/),
    });
    const slack = await create(clock, p, { url: `${target.url}-slack`, events: ["report.published"], format: "slack" });
    expect(slack.body.format).toBe("slack");
    expect(slack.body.secret).not.toBe(res.body.secret);

    const list = await clock.call("GET", `${p.base}/webhooks`, { key: p.adminKey });
    expect(list.status).toBe(200);
    expect(list.body.webhooks.map((w: any) => [w.id, w.format])).toEqual([
      [res.body.id, "json"],
      [slack.body.id, "slack"],
    ]);
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    expect(list.body.webhooks.every((w: any) => !("secret" in w))).toBe(true);
    expect(await deliveries(clock.call, p, res.body.id)).toEqual([]);

    const del = await clock.call("DELETE", `${p.base}/webhooks/${res.body.id}`, { key: p.adminKey });
    expect(del.status).toBe(204);
    expectError(await clock.call("DELETE", `${p.base}/webhooks/${res.body.id}`, { key: p.adminKey }), 404, "not_found");
    expectError(await clock.call("GET", `${p.base}/webhooks/${res.body.id}/deliveries`, { key: p.adminKey }), 404, "not_found");
    expect((await clock.call("GET", `${p.base}/webhooks`, { key: p.adminKey })).body.webhooks.map((w: any) => w.id)).toEqual([slack.body.id]);

    // A report published now goes to the remaining subscription only.
    await generated(clock.call, p, "2026-W47");
    expect(await received(target.name)).toEqual([]);
    expect(await deliveries(clock.call, p, slack.body.id)).toHaveLength(1);
  });

  it("422 for a bad url, events or format", async () => {
    const { clock, p } = await setup();
    const url = hook("invalid").url;
    expectInvalidFields(await create(clock, p, { url: "not a url", events: ["report.published"] }), ["url"]);
    expectInvalidFields(await create(clock, p, { url: "ftp://127.0.0.1/hook", events: ["report.published"] }), ["url"]);
    expectInvalidFields(await create(clock, p, { url: "javascript:alert(1)", events: ["report.published"] }), ["url"]);
    expectInvalidFields(await create(clock, p, { url: 42, events: ["report.published"] }), ["url"]);
    expectInvalidFields(await create(clock, p, { events: ["report.published"] }), ["url"]);
    expectInvalidFields(await create(clock, p, { url, events: [] }), ["events"]);
    expectInvalidFields(await create(clock, p, { url, events: ["report.generated"] }), ["events[0]"]);
    expectInvalidFields(await create(clock, p, { url, events: "report.published" }), ["events"]);
    expectInvalidFields(await create(clock, p, { url }), ["events"]);
    expectInvalidFields(await create(clock, p, { url, events: ["report.published"], format: "xml" }), ["format"]);
    expectInvalidFields(await create(clock, p, { url, events: ["report.published"], secret: "mine" }), ["secret"]);
    expect((await clock.call("GET", `${p.base}/webhooks`, { key: p.adminKey })).body.webhooks).toEqual([]);
  });

  it("only the program's admin manages them; another organisation gets 404", async () => {
    const { clock, p } = await setup({ visibility: "public" });
    const mine = (await subscribe(clock.call, p, hook("access").url)).body.id;
    const token = (await clock.call("POST", `${p.base}/participants/a/token`, { key: p.adminKey })).body.token;
    const ingest = (await clock.call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key;
    const other = await newOrg();
    const body = { url: hook("access").url, events: ["report.published"] };
    const calls: [string, string, unknown?][] = [
      ["POST", `${p.base}/webhooks`, body],
      ["GET", `${p.base}/webhooks`],
      ["GET", `${p.base}/webhooks/${mine}/deliveries`],
      ["DELETE", `${p.base}/webhooks/${mine}`],
    ];
    for (const [method, path, b] of calls) {
      expectError(await clock.call(method, path, { body: b }), 401);
      expectError(await clock.call(method, path, { key: token, body: b }), 403, "forbidden");
      expectError(await clock.call(method, path, { key: ingest, body: b }), 403, "forbidden");
      expectError(await clock.call(method, path, { key: other.adminKey, body: b }), 404, "not_found");
    }
    // Another organisation's admin cannot reach this program's webhook through a program of its own either.
    const theirs = await programAt(clock, { metrics: [PTS] });
    expectError(await clock.call("GET", `${theirs.base}/webhooks/${mine}/deliveries`, { key: theirs.adminKey }), 404);
    expectError(await clock.call("DELETE", `${theirs.base}/webhooks/${mine}`, { key: theirs.adminKey }), 404);
    expect((await clock.call("GET", `${p.base}/webhooks`, { key: p.adminKey })).body.webhooks.map((w: any) => w.id)).toEqual([mine]);
  });
});

describe("deliveries", () => {
  it("JSON: the report as published, signed with the subscription's secret", async () => {
    const { clock, p } = await setup();
    const target = hook("json");
    const sub = await subscribe(clock.call, p, target.url, "json");
    const r = await generated(clock.call, p, "2026-W47");
    const [got, ...more] = await received(target.name);
    expect(more).toEqual([]);
    expect(JSON.parse(got.body)).toEqual({ event: "report.published", program: p.program, data: r });
    expect((await report(clock.call, p, "2026-W47")).body).toEqual(r);
    expect(got.headers["content-type"]).toMatch(/^application\/json/);
    expect(got.headers["x-leadboard-event"]).toBe("report.published");
    // Signed with the time of sending, so that a captured delivery cannot be replayed later.
    expect(got.headers["x-leadboard-signature"]).toBe(await signature(sub.body.secret, got.body, ms(AFTER_W47)));
    expect(got.headers["x-leadboard-signature"]).not.toBe(await signature(`${sub.body.secret}x`, got.body, ms(AFTER_W47)));
    expect(got.headers["x-leadboard-signature"]).not.toBe(await signature(sub.body.secret, `${got.body} `, ms(AFTER_W47)));
    expect(got.headers["x-leadboard-signature"]).not.toBe(await signature(sub.body.secret, got.body, ms(AFTER_W47) + 1000));

    const [d] = await deliveries(clock.call, p, sub.body.id);
    expect(d).toEqual({
      id: Number(got.headers["x-leadboard-delivery"]),
      event: "report.published",
      status: "delivered",
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      createdAt: "2026-11-23T06:00:00.000Z",
      deliveredAt: "2026-11-23T06:00:00.000Z",
      nextAttemptAt: null,
    });
  });

  it("Slack: a readable message with the top entries and escaped names", async () => {
    const { clock, p } = await setup();
    const target = hook("slack");
    const sub = await subscribe(clock.call, p, target.url, "slack");
    await generated(clock.call, p, "2026-W47");
    const [got] = await received(target.name);
    expect(got.headers["x-leadboard-signature"]).toBe(await signature(sub.body.secret, got.body, ms(AFTER_W47)));
    // Last week b and c 5 (rank 1), a 1 (rank 3); this week a 9.5, c 5, b 4.
    expect(JSON.parse(got.body)).toEqual({
      text: [
        "*Social selling Power 100, week 2026-W47*",
        "3 sellers ranked.",
        "1. Ana &amp; &lt;Bo&gt;: 9.5 points (▲2)",
        "2. Cy: 5 points (▼1)",
        "3. Ben: 4 points (▼2)",
        "Biggest climbers: Ana &amp; &lt;Bo&gt;",
      ].join("\n"),
    });
  });

  it("Slack: new entries and unchanged ranks", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await programAt(clock, { metrics: [PTS], requireOptIn: false, name: "Estate agents" });
    await participantsAt(
      clock,
      p,
      [
        { id: "x", displayName: "Xi" },
        { id: "y", displayName: "Yu" },
      ],
      false,
    );
    clock.set(AFTER_W47);
    await postAt(clock, p, [
      { participant: "x", metric: "pts", occurredAt: "2026-11-10T10:00:00Z", value: 3 },
      { participant: "x", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 3 },
      { participant: "y", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 1 },
    ]);
    const target = hook("slack-new");
    await subscribe(clock.call, p, target.url, "slack");
    await generated(clock.call, p, "2026-W47");
    const [got] = await received(target.name);
    expect(JSON.parse(got.body).text).toBe(
      ["*Estate agents Power 100, week 2026-W47*", "2 sellers ranked.", "1. Xi: 3 points (=)", "2. Yu: 1 points (new)", "New in the Power 100: 1"].join("\n"),
    );
  });

  it("retries with exponential backoff until the receiver answers 2xx", async () => {
    const { clock, p } = await setup();
    const target = hook("retry");
    const sub = await subscribe(clock.call, p, target.url);
    await failNext(target.name, 3);
    const t0 = ms(AFTER_W47);
    await generated(clock.call, p, "2026-W47"); // the first attempt, at once: 500
    const [d0] = await deliveries(clock.call, p, sub.body.id);
    expect(d0).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500", deliveredAt: null, nextAttemptAt: iso(t0 + 60_000) });

    // Waits of 1, 2 and 4 minutes after the first, second and third failures.
    let at = t0;
    for (const [wait, attempts] of [
      [60_000, 2],
      [120_000, 3],
      [240_000, 4],
    ] as const) {
      await deliverDueOf(p, at + wait - 1);
      expect(await received(target.name), "not before it is due").toHaveLength(attempts - 1);
      at += wait;
      await deliverDueOf(p, at);
      expect(await received(target.name)).toHaveLength(attempts);
    }
    const [d] = await deliveries(clock.call, p, sub.body.id);
    expect(d).toMatchObject({
      id: d0.id,
      status: "delivered",
      attempts: 4,
      lastStatus: 200,
      lastError: null,
      deliveredAt: iso(t0 + 420_000),
      nextAttemptAt: null,
    });

    // Every attempt carried the same body and delivery id, signed anew with the time of that attempt.
    const all = await received(target.name);
    expect(new Set(all.map((x) => x.body)).size).toBe(1);
    expect(all.every((x) => x.headers["x-leadboard-delivery"] === String(d0.id))).toBe(true);
    const times = [t0, t0 + 60_000, t0 + 180_000, t0 + 420_000];
    expect(all.map((x) => x.headers["x-leadboard-signature"])).toEqual(await Promise.all(times.map((t) => signature(sub.body.secret, all[0].body, t))));

    // Delivered is final.
    await deliverDueOf(p, at + DAY);
    expect(await received(target.name)).toHaveLength(4);
  });

  it("fails for good after MAX_ATTEMPTS", async () => {
    const { clock, p } = await setup();
    const target = hook("exhaust");
    const sub = await subscribe(clock.call, p, target.url);
    await failNext(target.name, MAX_ATTEMPTS);
    let at = ms(AFTER_W47);
    await generated(clock.call, p, "2026-W47");
    for (let attempts = 1; attempts < MAX_ATTEMPTS; attempts++) {
      expect(backoff(attempts)).toBe(60_000 * 2 ** (attempts - 1));
      const [d] = await deliveries(clock.call, p, sub.body.id);
      expect(d).toMatchObject({ status: "pending", attempts, nextAttemptAt: iso(at + backoff(attempts)) });
      at += backoff(attempts);
      await deliverDueOf(p, at);
    }
    expect(await deliveries(clock.call, p, sub.body.id)).toMatchObject([
      { status: "failed", attempts: MAX_ATTEMPTS, lastStatus: 500, lastError: "HTTP 500", deliveredAt: null, nextAttemptAt: null },
    ]);
    expect(await received(target.name)).toHaveLength(MAX_ATTEMPTS);
    await deliverDueOf(p, at + 30 * DAY);
    expect(await received(target.name)).toHaveLength(MAX_ATTEMPTS);
  });

  it("records an error status, and a deleted subscription's deliveries go with it", async () => {
    const { clock, p } = await setup();
    const missing = await subscribe(clock.call, p, `${env.RECEIVER_URL}/nowhere/${hook("404").name}`);
    await generated(clock.call, p, "2026-W47");
    const [d] = await deliveries(clock.call, p, missing.body.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 404, lastError: "HTTP 404", deliveredAt: null });
    expect((await clock.call("DELETE", `${p.base}/webhooks/${missing.body.id}`, { key: p.adminKey })).status).toBe(204);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?").bind(missing.body.id).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });

  it("a regeneration is announced again; each subscription gets each announcement once", async () => {
    const { clock, p } = await setup();
    const target = hook("regen");
    const sub = await subscribe(clock.call, p, target.url);
    const first = await generated(clock.call, p, "2026-W47");
    clock.set("2026-11-24T09:00:00Z");
    await postAt(clock, p, [{ participant: "b", metric: "pts", occurredAt: "2026-11-18T10:00:00Z", value: 10 }]);
    const second = await generated(clock.call, p, "2026-W47");
    expect(second.entries[0]).toMatchObject({ id: "b", score: 14 });
    const got = await received(target.name);
    expect(got.map((x) => JSON.parse(x.body).data)).toEqual([first, second]);
    expect((await deliveries(clock.call, p, sub.body.id)).map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });
});
