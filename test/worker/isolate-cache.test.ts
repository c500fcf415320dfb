/**
 * Credentials and programs are kept a few seconds in the isolate (worker/isolate-cache.ts): a
 * change made through this isolate takes effect at once, one made elsewhere (here: straight in
 * D1, as another isolate would) within LOOKUP_TTL_MS.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LOOKUP_TTL_MS } from "../../worker/isolate-cache";
import { apiAt, basicDocument, newProgram } from "./api";

describe("lookups kept in the isolate", () => {
  const start = Date.parse("2026-11-26T12:00:00Z");
  let now = start;
  const call = apiAt(() => now);

  it("a key revoked elsewhere is refused within the bound, one revoked here at once", async () => {
    now = start;
    const p = await newProgram(basicDocument(), call);
    const key = (await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key as string;
    const read = () => call("GET", `${p.base}/leaderboard`, { key });
    expect((await read()).status).toBe(403); // known, and looked up: an ingest key may not read a private board

    await env.DB.prepare("UPDATE credentials SET revoked_at = ? WHERE prefix = ?").bind(now, key.slice(0, 12)).run();
    now = start + LOOKUP_TTL_MS - 1;
    expect((await read()).status).toBe(403);
    now = start + LOOKUP_TTL_MS;
    expect((await read()).status).toBe(401);

    const second = (await call("POST", `${p.base}/keys`, { key: p.adminKey, body: { role: "ingest" } })).body.key as string;
    const prefix = (await call("GET", `${p.base}/keys`, { key: p.adminKey })).body.keys.at(-1).prefix as string;
    expect((await call("GET", `${p.base}/leaderboard`, { key: second })).status).toBe(403);
    expect((await call("DELETE", `${p.base}/keys/${prefix}`, { key: p.adminKey })).status).toBe(204);
    expect((await call("GET", `${p.base}/leaderboard`, { key: second })).status).toBe(401);
  });

  it("a program made public elsewhere is public within the bound, one changed here at once", async () => {
    now = start;
    const p = await newProgram(basicDocument({ visibility: "private" }), call);
    const anonymous = () => call("GET", `${p.base}/leaderboard`);
    expect((await anonymous()).status).toBe(401);
    await env.DB.prepare("UPDATE programs SET visibility = 'public' WHERE slug = ?").bind(p.program).run();
    expect((await anonymous()).status).toBe(401);
    now = start + LOOKUP_TTL_MS;
    expect((await anonymous()).status).toBe(200);

    await call("PUT", p.base, { key: p.adminKey, body: basicDocument({ visibility: "private" }) });
    expect((await anonymous()).status).toBe(401);
  });
});
