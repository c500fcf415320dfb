/**
 * Manager sign-in and accounts under attack: the lock after 5 failed sign-ins holds under parallel
 * guesses (each attempt is counted before its password is checked); sign-in is also limited per
 * client address across e-mail addresses; and adding a manager never tells whether an address has
 * an account in another organisation (addresses are unique per organisation).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { MAX_FAILURES } from "../../worker/db/managers";
import { type Answer, OPERATOR_KEY, api, newOrg, unique } from "./api";
import { expectError } from "./checks";

const password = "correct horse battery staple";

async function newManager(org: { slug: string }, email = `${unique("m")}@example.com`, pass = password) {
  const res = await api("POST", `/v1/orgs/${org.slug}/managers`, { key: OPERATOR_KEY, body: { email, name: "Mia", password: pass } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return email;
}

describe("the sign-in lock", () => {
  it("answers at most 5 wrong guesses in 15 minutes, even 15 in parallel", async () => {
    const email = await newManager(await newOrg());
    const answers = await Promise.all(Array.from({ length: 15 }, () => api("POST", "/v1/sessions", { body: { email, password: "wrong guess" } })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15 - MAX_FAILURES);
    for (const a of answers.filter((x) => x.status === 429)) expectError(a, 429, "rate_limited");
    // Locked for the right password too, until the window ends.
    expectError(await api("POST", "/v1/sessions", { body: { email, password } }), 429, "rate_limited");
  });

  it("a success clears the count", async () => {
    const email = await newManager(await newOrg());
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect((await api("POST", "/v1/sessions", { body: { email, password: "wrong" } })).status).toBe(401);
    expect((await api("POST", "/v1/sessions", { body: { email, password } })).status).toBe(201);
    for (let i = 0; i < MAX_FAILURES; i++) expect((await api("POST", "/v1/sessions", { body: { email, password: "wrong" } })).status).toBe(401);
    expect((await api("POST", "/v1/sessions", { body: { email, password } })).status).toBe(429);
  });
});

describe("the per-client sign-in limit", () => {
  it("counts a client's attempts across e-mail addresses, by CF-Connecting-IP", async () => {
    const seen = new Map<string, number>();
    const limiter = {
      limit: async ({ key }: { key: string }) => {
        seen.set(key, (seen.get(key) ?? 0) + 1);
        return { success: seen.get(key)! <= 3 };
      },
    };
    const app = createApp();
    const signIn = async (email: string, client: string): Promise<Answer> => {
      const res = await app.fetch(
        new Request("http://leadboard.test/v1/sessions", {
          method: "POST",
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": client },
          body: JSON.stringify({ email, password: "wrong" }),
        }),
        { ...env, LOGIN_LIMITER: limiter as unknown as RateLimit },
      );
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
    const client = "203.0.113.7";
    for (let i = 0; i < 3; i++) expect((await signIn(`${unique("x")}@example.com`, client)).status).toBe(401);
    const refused = await signIn(`${unique("x")}@example.com`, client);
    expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another client goes on; the limiter saw the client's address, never a password.
    expect((await signIn(`${unique("x")}@example.com`, "198.51.100.9")).status).toBe(401);
    expect(seen.get(`ip:${client}`)).toBe(4);
    expect([...seen.keys()].some((k) => k.includes("wrong"))).toBe(false);
  });
});

describe("manager e-mail addresses", () => {
  it("adding a manager does not tell whether the address has an account in another organisation", async () => {
    const a = await newOrg();
    const b = await newOrg();
    const email = await newManager(a, undefined, "password of the account in a");
    // B's admin adds the same address: created, as for any new address.
    const added = await api("POST", `/v1/orgs/${b.slug}/managers`, { key: b.adminKey, body: { email, password: "password of the account in b" } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email, org: b.slug });
    // Within one organisation an address is taken once.
    expectError(await api("POST", `/v1/orgs/${b.slug}/managers`, { key: b.adminKey, body: { email, password } }), 409, "email_taken");
    const again = await Promise.all(
      [0, 1].map(() => api("POST", `/v1/orgs/${a.slug}/managers`, { key: a.adminKey, body: { email: `twice-${email}`, password } })),
    );
    expect(again.map((r) => r.status).sort()).toEqual([201, 409]);

    // Sign-in: the oldest account without `org`; the named organisation's with it.
    const oldest = await api("POST", "/v1/sessions", { body: { email, password: "password of the account in a" } });
    expect(oldest.body.org.slug).toBe(a.slug);
    expect((await api("POST", "/v1/sessions", { body: { email, password: "password of the account in b" } })).status).toBe(401);
    const inB = await api("POST", "/v1/sessions", { body: { email, password: "password of the account in b", org: b.slug } });
    expect(inB.status).toBe(201);
    expect(inB.body.org.slug).toBe(b.slug);
    expect((await api("POST", "/v1/sessions", { body: { email, password: "password of the account in a", org: b.slug } })).status).toBe(401);
  });
});
