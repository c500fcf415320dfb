/**
 * Webhooks that cannot be turned against anyone: no internal destinations (SSRF), neither at
 * creation (422) nor at delivery (checked again; redirects not followed); erasure reaches payloads
 * not yet sent; one organisation's request never runs another organisation's deliveries.
 * The local receiver (plain http on 127.0.0.1) is allowed by the test settings
 * (ALLOW_HTTP_WEBHOOKS, WEBHOOK_ALLOWED_HOSTS in vitest.config.ts), as an operator would for local use.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/app";
import { type DestinationPolicy, refusedDestination } from "../../worker/webhooks/destination";
import { deliverDue } from "../../worker/webhooks/deliveries";
import { expectInvalidFields, programId } from "./checks";
import { PTS, type Clock, clocked, db, deliveries, failNext, generated, hook, ms, participantsAt, postAt, programAt, received, subscribe } from "./weekly";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const PRODUCTION: DestinationPolicy = { allowHttp: false, allowedHosts: new Set() };

/** Internal destinations, in the many spellings a URL parser reads as one. */
const INTERNAL = [
  "https://127.0.0.1/hook",
  "https://127.1/hook",
  "https://0x7f.1/hook",
  "https://0x7f000001/hook",
  "https://2130706433/hook",
  "https://017700000001/hook",
  "https://0177.0.0.1/hook",
  "https://0/hook",
  "https://0.0.0.0/hook",
  "https://10.1.2.3/hook",
  "https://172.16.0.1/hook",
  "https://172.31.255.255/hook",
  "https://192.168.1.1/hook",
  "https://100.100.100.200/hook",
  "https://192.0.0.192/hook",
  "https://169.254.169.254/latest/meta-data/",
  "https://0xa9.0xfe.0xa9.0xfe/",
  "https://2852039166/",
  "https://224.0.0.1/",
  "https://255.255.255.255/",
  "https://[::1]/hook",
  "https://[::]/hook",
  "https://[0:0:0:0:0:0:0:1]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "https://[::ffff:7f00:1]/hook",
  "https://[::ffff:169.254.169.254]/",
  "https://[::127.0.0.1]/hook",
  "https://[64:ff9b::a9fe:a9fe]/",
  "https://[2002:7f00:1::]/hook",
  "https://[fe80::1]/hook",
  "https://[fd00:ec2::254]/",
  "https://[fc00::1]/hook",
  "https://[ff02::1]/hook",
  "https://localhost/hook",
  "https://LOCALHOST./hook",
  "https://api.localhost/hook",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://metadata.google.internal./computeMetadata/v1/",
  "https://METADATA.GOOGLE.INTERNAL/",
  "https://metadata/",
  "https://instance-data/latest/",
  "https://printer.local/",
  "https://router.home.arpa/",
  "https://intranet/",
  "https://127.0.0.1.nip.io/",
  "https://user:pass@hooks.example.com/",
];

const PUBLIC = [
  "https://hooks.slack.com/services/T000/B000/XXXX",
  "https://hooks.example.com:8443/leadboard?x=1",
  "https://8.8.8.8/hook",
  "https://172.32.0.1/hook",
  "https://100.128.0.1/hook",
  "https://[2606:4700:4700::1111]/hook",
  "https://[::ffff:8.8.8.8]/hook",
];

describe("webhook destinations", () => {
  it("refuses internal addresses in every spelling, and plain http, in production", () => {
    for (const url of INTERNAL) expect(refusedDestination(url, PRODUCTION), url).not.toBeNull();
    for (const url of PUBLIC) expect(refusedDestination(url, PRODUCTION), url).toBeNull();
    expect(refusedDestination("http://hooks.example.com/", PRODUCTION)).toBe("must be an https URL");
    expect(refusedDestination("http://hooks.example.com/", { ...PRODUCTION, allowHttp: true })).toBeNull();
    // An operator's exemption names one host and port, nothing around it.
    const local = { allowHttp: true, allowedHosts: new Set(["127.0.0.1:8788"]) };
    expect(refusedDestination("http://127.0.0.1:8788/hook", local)).toBeNull();
    expect(refusedDestination("http://127.0.0.1:8789/hook", local)).not.toBeNull();
    expect(refusedDestination("http://[::1]:8788/hook", local)).not.toBeNull();
  });

  it("creation answers 422 for an internal destination, and for http where the operator did not allow it", async () => {
    const clock = clocked("2026-11-23T06:00:00Z");
    const p = await programAt(clock, { metrics: [PTS] });
    for (const url of INTERNAL) {
      expectInvalidFields(await clock.call("POST", `${p.base}/webhooks`, { key: p.adminKey, body: { url, events: ["report.published"] } }), ["url"]);
    }
    // Production settings: neither the local receiver nor plain http.
    const production = createApp({ now: () => clock.now });
    const create = async (url: string) => {
      const res = await production.fetch(
        new Request(`http://leadboard.test${p.base}/webhooks`, {
          method: "POST",
          headers: { Authorization: `Bearer ${p.adminKey}`, "Content-Type": "application/json" },
          body: JSON.stringify({ url, events: ["report.published"] }),
        }),
        { ...env, ALLOW_HTTP_WEBHOOKS: undefined, WEBHOOK_ALLOWED_HOSTS: undefined },
      );
      return { status: res.status, body: await res.json<any>(), headers: res.headers };
    };
    expectInvalidFields(await create(hook("prod").url), ["url"]);
    expectInvalidFields(await create("http://hooks.example.com/leadboard"), ["url"]);
    expect((await create("https://hooks.example.com/leadboard")).status).toBe(201);
    const listed = await clock.call("GET", `${p.base}/webhooks`, { key: p.adminKey });
    expect(listed.body.webhooks.map((w: { url: string }) => w.url)).toEqual(["https://hooks.example.com/leadboard"]);
  });
});

/** A London program, three sellers with scores in weeks 46 and 47, its clock just after week 47. */
async function scored(clock: Clock) {
  const p = await programAt(clock, { metrics: [PTS], requireOptIn: false });
  await participantsAt(
    clock,
    p,
    [
      { id: "erin", displayName: "Erin Erased" },
      { id: "b", displayName: "Ben" },
      { id: "c", displayName: "Cy" },
    ],
    false,
  );
  clock.set("2026-11-23T06:00:00Z");
  await postAt(clock, p, [
    { participant: "erin", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 9 },
    { participant: "b", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 4 },
    { participant: "c", metric: "pts", occurredAt: "2026-11-17T10:00:00Z", value: 5 },
  ]);
  return p;
}

describe("deliveries", () => {
  it("are checked again before each attempt: a stored internal destination is never fetched", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await scored(clock);
    const sub = await subscribe(clock.call, p, hook("later-internal").url);
    // As if stored before the check existed, or by a policy since narrowed.
    await env.DB.prepare("UPDATE webhooks SET url = 'http://169.254.169.254/latest/meta-data/' WHERE id = ?").bind(sub.body.id).run();
    const send = vi.fn<typeof fetch>();
    await generated(clock.call, p, "2026-W47"); // its own attempt, by the route, is refused too
    await deliverDue(db(), clock.now + 1, { programId: await programId(p.program), send });
    expect(send).not.toHaveBeenCalled();
    expect(await deliveries(clock.call, p, sub.body.id)).toMatchObject([
      { status: "failed", attempts: 1, lastStatus: null, lastError: expect.stringMatching(/^destination refused: .*internal address/), deliveredAt: null },
    ]);
  });

  it("do not follow redirects", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await scored(clock);
    const target = hook("redirect");
    const sub = await subscribe(clock.call, p, target.url);
    await failNext(target.name, 1);
    await generated(clock.call, p, "2026-W47");
    const send = vi.fn<typeof fetch>(async () => new Response(null, { status: 302, headers: { Location: "http://169.254.169.254/" } }));
    await deliverDue(db(), clock.now + 60_000, { programId: await programId(p.program), send });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][1]?.redirect).toBe("manual");
    expect((await deliveries(clock.call, p, sub.body.id))[0]).toMatchObject({
      status: "pending",
      attempts: 2,
      lastStatus: 302,
      lastError: "HTTP 302 (redirects are not followed)",
    });
  });

  it("an erased participant leaves the payloads not yet sent, JSON and Slack", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const p = await scored(clock);
    const json = hook("erase-json");
    const slack = hook("erase-slack");
    await subscribe(clock.call, p, json.url, "json");
    await subscribe(clock.call, p, slack.url, "slack");
    await failNext(json.name, 1);
    await failNext(slack.name, 1);
    await generated(clock.call, p, "2026-W47");
    const [failedJson] = await received(json.name);
    expect(failedJson.body).toContain("Erin Erased");

    expect((await clock.call("DELETE", `${p.base}/participants/erin`, { key: p.adminKey })).status).toBe(204);
    await deliverDue(db(), clock.now + 60_000, { programId: await programId(p.program) });
    const [, retried] = await received(json.name);
    expect(retried.body).not.toContain("Erin");
    expect(retried.body).not.toContain('"erin"');
    const data = JSON.parse(retried.body).data;
    expect(data.entries.map((e: { id: string }) => e.id)).toEqual(["c", "b"]);
    expect(data.movers).not.toContain("erin");
    expect(data.newEntries).toEqual(["c", "b"]);
    const [, slackRetry] = await received(slack.name);
    expect(slackRetry.body).not.toContain("Erin");
    expect(JSON.parse(slackRetry.body).text).toContain("2. Cy: 5 points");
  });

  it("a request runs its own program's deliveries only, never another organisation's", async () => {
    const clock = clocked("2026-11-02T09:00:00Z");
    const mine = await scored(clock);
    clock.set("2026-11-02T09:00:00Z");
    const theirs = await scored(clock);
    const theirHook = hook("other-org");
    await subscribe(clock.call, theirs, theirHook.url);
    await failNext(theirHook.name, 1);
    await generated(clock.call, theirs, "2026-W47"); // attempt 1 fails; the next is due a minute later
    expect(await received(theirHook.name)).toHaveLength(1);

    clock.set(ms("2026-11-23T06:00:00Z") + 120_000);
    await subscribe(clock.call, mine, hook("mine").url);
    await generated(clock.call, mine, "2026-W47");
    expect(await received(theirHook.name), "not attempted from the other organisation's request").toHaveLength(1);
    // The scheduled job attempts every program's (in runs of at most 50: other test files share this D1).
    while ((await deliverDue(db(), clock.now)) > 0);
    expect(await received(theirHook.name)).toHaveLength(2);
  });
});
