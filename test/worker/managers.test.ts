import { describe, expect, it } from "vitest";
import { api, newOrg, OPERATOR_KEY, unique } from "./api";

const password = "correct horse battery staple";

async function newManager() {
  const org = await newOrg();
  const email = `${unique("m")}@example.com`;
  const res = await api("POST", `/v1/orgs/${org.slug}/managers`, { key: OPERATOR_KEY, body: { email, name: "Mia Manager", password } });
  expect(res.status).toBe(201);
  return { ...org, email };
}

describe("manager accounts and sessions", () => {
  it("creates a manager with the operator key, signs in, acts as an admin, signs out", async () => {
    const m = await newManager();
    const signIn = await api("POST", "/v1/sessions", { body: { email: m.email.toUpperCase(), password } });
    expect(signIn.status).toBe(201);
    expect(signIn.body.token).toMatch(/^lbs_/);
    expect(signIn.body.org).toEqual({ slug: m.slug, name: "Test org" });
    const token = signIn.body.token;

    const me = await api("GET", "/v1/me", { key: token });
    expect(me.body).toMatchObject({ kind: "manager", manager: { email: m.email, name: "Mia Manager" }, org: { slug: m.slug }, programs: [] });

    const slug = unique("prog");
    const put = await api("PUT", `/v1/programs/${slug}`, { key: token, body: { name: "Console program", timezone: "Europe/London" } });
    expect(put.status).toBe(201);
    expect((await api("GET", "/v1/me", { key: token })).body.programs).toEqual([
      { slug, name: "Console program", timezone: "Europe/London", visibility: "private" },
    ]);

    expect((await api("DELETE", "/v1/sessions/current", { key: token })).status).toBe(204);
    const after = await api("GET", `/v1/programs/${slug}`, { key: token });
    expect(after.status).toBe(401);
  });

  it("refuses a wrong password, short passwords, a taken e-mail and other organisations' admins", async () => {
    const m = await newManager();
    expect((await api("POST", "/v1/sessions", { body: { email: m.email, password: "nope" } })).status).toBe(401);
    expect((await api("POST", "/v1/sessions", { body: { email: "nobody@example.com", password } })).status).toBe(401);
    const short = await api("POST", `/v1/orgs/${m.slug}/managers`, { key: OPERATOR_KEY, body: { email: "x@example.com", password: "short" } });
    expect(short.status).toBe(422);
    expect(short.body.error.details).toEqual([{ path: "password", message: "must be at least 12 characters" }]);
    const taken = await api("POST", `/v1/orgs/${m.slug}/managers`, { key: OPERATOR_KEY, body: { email: m.email, password } });
    expect(taken.status).toBe(409);
    const other = await newOrg();
    const cross = await api("POST", `/v1/orgs/${m.slug}/managers`, { key: other.adminKey, body: { email: "y@example.com", password } });
    expect(cross.status).toBe(404);
    const own = await api("POST", `/v1/orgs/${m.slug}/managers`, { key: m.adminKey, body: { email: `${unique("y")}@example.com`, password } });
    expect(own.status).toBe(201);
    expect((await api("POST", `/v1/orgs/${m.slug}/managers`, { body: { email: "z@example.com", password } })).status).toBe(401);
  });

  it("throttles sign-in after five failures for one address", async () => {
    const m = await newManager();
    for (let i = 0; i < 5; i++) expect((await api("POST", "/v1/sessions", { body: { email: m.email, password: "wrong" } })).status).toBe(401);
    const locked = await api("POST", "/v1/sessions", { body: { email: m.email, password } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("keeps a session to its own organisation", async () => {
    const m = await newManager();
    const other = await newOrg();
    const slug = unique("prog");
    expect((await api("PUT", `/v1/programs/${slug}`, { key: other.adminKey, body: { name: "Theirs", timezone: "Europe/Paris" } })).status).toBe(201);
    const { body } = await api("POST", "/v1/sessions", { body: { email: m.email, password } });
    expect((await api("GET", `/v1/programs/${slug}`, { key: body.token })).status).toBe(404);
    expect((await api("GET", `/v1/programs/${slug}/dashboard`, { key: body.token })).status).toBe(404);
    expect((await api("PUT", `/v1/programs/${slug}`, { key: body.token, body: { name: "Mine now", timezone: "Europe/Paris" } })).status).toBe(409);
  });

  it("refuses an unknown or expired session token", async () => {
    const res = await api("GET", "/v1/me", { key: "lbs_notarealsessiontoken" });
    expect(res.status).toBe(401);
  });
});
