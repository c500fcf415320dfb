/**
 * Ill-formed Unicode (a lone UTF-16 surrogate, JSON "\ud800") in any text of a request is
 * `invalid`: 422 for a document, rejected `invalid` inside an event batch. D1 stores text as UTF-8,
 * where a lone surrogate becomes U+FFFD, so "ls\ud800" and "ls\udc00" would be one stored id; an
 * event id ending in one was once accepted on every resend. Checked through the API only (scores,
 * answers), so it holds whatever stores the ledger.
 */
import { describe, expect, it } from "vitest";
import { OPERATOR_KEY, addParticipants, apiAt, basicDocument, newOrg, newProgram, unique } from "./api";
import { expectInvalidFields } from "./checks";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const api = apiAt(() => NOW);

/** A value with each lone surrogate in it written as the text `\udXXX`: what a failing assertion can print. */
const visible = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/\\ud[89a-f][0-9a-f]{2}/g, (escape) => `\\${escape}`));

/** The API, its answers made visible. */
const call: typeof api = async (method, path, options) => {
  const res = await api(method, path, options);
  return { ...res, body: visible(res.body) };
};

/** Lone surrogates: high, low, a high one at the end of an id, and a pair in the wrong order. */
const LONE = ["ls\ud800", "ls\udc00", "q…\ud83d", "\ude00\ud83d"];

async function program() {
  const p = await newProgram(basicDocument({ requireOptIn: false }), call);
  await addParticipants(p, [{ id: "ana", team: "uk" }], undefined, call);
  return p;
}

const post = (p: { base: string; adminKey: string }, events: unknown[]) => call("POST", `${p.base}/events`, { key: p.adminKey, body: { events } });
const allTime = async (p: { base: string; adminKey: string }, id = "ana") =>
  (await call("GET", `${p.base}/participants/${encodeURIComponent(id)}/score?period=all`, { key: p.adminKey })).body.score;

describe("ill-formed Unicode in an event batch", () => {
  it("an id ending in a lone surrogate is invalid on every send, and nothing of it is stored", async () => {
    const p = await program();
    const event = { id: "q…\ud83d", participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" };
    for (const occurredAt of ["2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z"]) {
      const res = await post(p, [{ ...event, occurredAt }]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accepted: 0,
        duplicates: 0,
        rejected: [{ index: 0, id: "q…\\ud83d", reason: "invalid", message: expect.stringMatching(/^id: .*well-formed/) }],
      });
    }
    expect(await allTime(p)).toBe(0);
  });

  it("a lone surrogate in the participant, metric or an attribute is invalid; a surrogate pair is fine", async () => {
    const p = await program();
    const base = { participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" };
    const res = await post(p, [
      ...LONE.map((participant, i) => ({ ...base, id: `p${i}`, participant })),
      ...LONE.map((metric, i) => ({ ...base, id: `m${i}`, metric })),
      { ...base, id: "a-key", attributes: { "k\ud800": 1 } },
      { ...base, id: "a-value", attributes: { k: "v\udfff" } },
      { ...base, id: "emoji-😀" },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { reason: string }) => r.reason)).toEqual(Array(10).fill("invalid"));
    expect(res.body.rejected.map((r: { message: string }) => r.message.split(":")[0])).toEqual([
      ...LONE.map(() => "participant"),
      ...LONE.map(() => "metric"),
      expect.stringMatching(/^attributes/),
      "attributes.k",
    ]);
    expect(await allTime(p)).toBe(2);
  });
});

describe("ill-formed Unicode in a document is 422", () => {
  it("participants: id, displayName, team and cohort", async () => {
    const p = await program();
    const person = (overrides: Record<string, unknown>) => ({ id: "zed", displayName: "Zed", team: null, cohort: null, ...overrides });
    const cases: [Record<string, unknown>, string][] = [
      ...LONE.map((id): [Record<string, unknown>, string] => [{ id }, "participants[0].id"]),
      [{ displayName: "Zed \ud800" }, "participants[0].displayName"],
      [{ team: "uk\udc00" }, "participants[0].team"],
      [{ cohort: "London \ud83d" }, "participants[0].cohort"],
    ];
    for (const [overrides, path] of cases) {
      expectInvalidFields(await call("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [person(overrides)] } }), [path]);
      // The CSV import's dry run says the same.
      const check = await call("POST", `${p.base}/participants/check`, { key: p.adminKey, body: { participants: [person(overrides)] } });
      expect(check.body).toMatchObject({ valid: false, problems: expect.arrayContaining([expect.objectContaining({ path })]) });
    }
    // Neither lone surrogate made a participant: events for them are unknown, not stored.
    const list = await call("GET", `${p.base}/participants?limit=1000`, { key: p.adminKey });
    expect(list.body.participants.map((x: { id: string }) => x.id)).toEqual(["ana"]);
  });

  it("the program document: name, time zone, metric, team and target fields", async () => {
    const org = await newOrg();
    const doc = basicDocument();
    const cases: [unknown, string][] = [
      [{ ...doc, name: "Social \ud800" }, "name"],
      [{ ...doc, timezone: "Europe/London\udc00" }, "timezone"],
      [{ ...doc, metrics: [{ ...doc.metrics[0], name: "Tweets \ud83d" }] }, "metrics[0].name"],
      [{ ...doc, metrics: [{ ...doc.metrics[0], key: "tweet\ud83d" }] }, "metrics[0].key"],
      [{ ...doc, teams: [{ ...doc.teams[0], name: "\udc00EMEA" }, doc.teams[1]] }, "teams[0].name"],
      [
        { ...doc, targets: [{ key: "ana-w", subject: { participant: "ana\ud800" }, metric: null, period: "week", value: 1 }] },
        "targets[0].subject.participant",
      ],
    ];
    for (const [body, path] of cases) {
      expectInvalidFields(await call("PUT", `/v1/programs/${unique("prog")}`, { key: org.adminKey, body }), [path]);
    }
  });

  it("organisations, managers, sign-in and webhooks", async () => {
    const org = await newOrg();
    expectInvalidFields(await call("POST", "/v1/orgs", { key: OPERATOR_KEY, body: { slug: unique("org"), name: "Org \ud800" } }), ["name"]);
    const password = "correct horse battery staple";
    expectInvalidFields(await call("POST", `/v1/orgs/${org.slug}/managers`, { key: OPERATOR_KEY, body: { email: "m\ud800@example.com", password } }), [
      "email",
    ]);
    expectInvalidFields(
      await call("POST", `/v1/orgs/${org.slug}/managers`, { key: OPERATOR_KEY, body: { email: "m@example.com", name: "M \udc00", password } }),
      ["name"],
    );
    expectInvalidFields(
      await call("POST", `/v1/orgs/${org.slug}/managers`, { key: OPERATOR_KEY, body: { email: "m@example.com", password: `${password}\ud800` } }),
      ["password"],
    );
    expectInvalidFields(await call("POST", "/v1/sessions", { body: { email: "m\udc00@example.com", password } }), ["email"]);
    const p = await program();
    expectInvalidFields(
      await call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url: "https://hooks.example.com/\ud800", events: ["report.published"] } }),
      ["url"],
    );
  });
});
