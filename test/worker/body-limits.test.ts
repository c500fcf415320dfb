/**
 * Bodies are capped before they are read or parsed (worker/body-limits.ts): 413 in the one error
 * shape, at once from Content-Length, or after reading at most the limit of a body sent without
 * one. An unauthenticated 100 MB sign-in was once read whole and parsed. And every API answer says
 * `X-Content-Type-Options: nosniff`.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { LARGE_BODY_BYTES, SMALL_BODY_BYTES } from "../../worker/body-limits";
import { type Answer, OPERATOR_KEY, api, basicDocument, newOrg, newProgram, unique } from "./api";
import { expectError } from "./checks";

const HUNDRED_MB = 100 * 1024 * 1024;

/** A body of `size` bytes of JSON-ish text, made only as it is read; `pulled` counts what was read. */
function lazyBody(size: number) {
  const chunk = new TextEncoder().encode(`{"email":"${"x".repeat(1000)}`).slice(0, 1024);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= size) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
  });
  return { stream, counter };
}

/** POSTs a streamed body. */
async function post(path: string, body: ReadableStream, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await createApp().fetch(
    new Request(`http://leadboard.test${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body }),
    env,
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("body limits", () => {
  it("a 100 MB sign-in is refused from its Content-Length, unread", async () => {
    const { stream, counter } = lazyBody(HUNDRED_MB);
    const res = await post("/v1/sessions", stream, { "Content-Length": String(HUNDRED_MB) });
    expectError(res, 413, "too_large");
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("a 100 MB sign-in without Content-Length is read only up to the limit", async () => {
    const { stream, counter } = lazyBody(HUNDRED_MB);
    const res = await post("/v1/sessions", stream);
    expectError(res, 413, "too_large");
    expect(counter.pulled).toBeLessThan(SMALL_BODY_BYTES + 64 * 1024);
  });

  it("small bodies are at most 16 KiB, documents 4 MiB; each route answers 413 past its limit", async () => {
    const p = await newProgram();
    const org = await newOrg();
    const small = JSON.stringify({ padding: "x".repeat(SMALL_BODY_BYTES) });
    const large = JSON.stringify({ padding: "x".repeat(LARGE_BODY_BYTES) });
    const call = (method: string, path: string, raw: string, key: string) => api(method, path, { key, raw, headers: { "Content-Type": "application/json" } });
    for (const [method, path, key] of [
      ["POST", "/v1/orgs", OPERATOR_KEY],
      ["POST", `/v1/orgs/${org.slug}/managers`, OPERATOR_KEY],
      ["POST", "/v1/sessions", ""],
      ["POST", `${p.base}/keys`, p.adminKey],
      ["POST", `${p.base}/webhooks`, p.adminKey],
      ["POST", `${p.base}/participants/ana/opt-in`, p.adminKey],
    ] as const) {
      expectError(await call(method, path, small, key), 413, "too_large");
    }
    for (const [method, path] of [
      ["PUT", `/v1/programs/${unique("prog")}`],
      ["PUT", `${p.base}/participants`],
      ["POST", `${p.base}/participants/check`],
    ] as const) {
      // A body over 16 KiB is read for a document (422 here, for its unknown field; the dry run answers 200 with its problems)…
      expect((await call(method, path, small, p.adminKey)).status).toBe(path.endsWith("/check") ? 200 : 422);
      // …and over 4 MiB it is too large.
      expectError(await call(method, path, large, p.adminKey), 413, "too_large");
    }
    // A program document of 1000 teams, well over 16 KiB, is stored.
    const teams = Array.from({ length: 1000 }, (_, i) => ({ key: `team-${i}`, name: `Team number ${i}`, parent: null }));
    const doc = basicDocument({ teams, targets: [] });
    expect(JSON.stringify(doc).length).toBeGreaterThan(SMALL_BODY_BYTES);
    expect((await api("PUT", `/v1/programs/${unique("prog")}`, { key: p.adminKey, body: doc })).status).toBe(201);
  });
});

describe("X-Content-Type-Options", () => {
  it("is nosniff on every API answer: success, errors and unknown routes", async () => {
    const p = await newProgram(basicDocument({ visibility: "public" }));
    const answers = [
      await api("GET", `${p.base}/leaderboard`),
      await api("GET", `${p.base}`),
      await api("GET", `${p.base}/leaderboard?limit=0`),
      await api("GET", "/v1/nowhere"),
      await api("POST", "/v1/sessions", { raw: "x".repeat(SMALL_BODY_BYTES + 1), headers: { "Content-Type": "application/json" } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 422, 404, 413]);
    for (const a of answers) expect(a.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
