/** GET /v1/programs/{p}/ingestion: what recent batches accepted, counted twice or refused, and why, for the program's admins. */
import { describe, expect, it } from "vitest";
import { addParticipants, apiAt, basicDocument, newOrg, newProgram } from "./api";
import { engineCount, expectError } from "./checks";

describe("the ingestion log", () => {
  const start = Date.parse("2026-11-26T12:00:00Z");
  let now = start;
  const call = apiAt(() => now);

  it("counts each batch's outcomes and gives an example of each reason, newest first", async () => {
    const p = await newProgram(basicDocument(), call);
    await addParticipants(p, [{ id: "ana" }], undefined, call);
    const post = (events: unknown[]) => call("POST", `${p.base}/events`, { key: p.adminKey, body: { events } });
    const tweet = (id: string, participant = "ana") => ({ id, participant, metric: "tweet", occurredAt: "2026-11-26T10:00:00Z" });
    await post([tweet("a"), tweet("b"), tweet("c", "nobody")]);
    now += 1000;
    await post([tweet("a"), tweet("d", "nobody"), { id: "e", participant: "ana", metric: "nope", occurredAt: "2026-11-26T10:00:00Z" }]);

    const res = await call("GET", `${p.base}/ingestion`, { key: p.adminKey });
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ batches: 2, accepted: 2, duplicates: 1, rejected: 3 });
    expect(res.body.reasons).toEqual([
      {
        reason: "unknown_participant",
        count: 2,
        lastAt: "2026-11-26T12:00:01.000Z",
        example: { id: "d", message: 'participant: no participant "nobody" in this program' },
      },
      { reason: "unknown_metric", count: 1, lastAt: "2026-11-26T12:00:01.000Z", example: { id: "e", message: 'metric: no metric "nope" in this program' } },
    ]);
    expect(res.body.batches).toEqual([
      { at: "2026-11-26T12:00:01.000Z", accepted: 0, duplicates: 1, rejected: 2 },
      { at: "2026-11-26T12:00:00.000Z", accepted: 2, duplicates: 0, rejected: 1 },
    ]);

    // A week later the first batch has left the window.
    now = start + 7 * 86_400_000 + 500;
    expect((await call("GET", `${p.base}/ingestion`, { key: p.adminKey })).body.totals).toEqual({ batches: 1, accepted: 0, duplicates: 1, rejected: 2 });
  });

  it("forgets batches that left the week, the oldest few with each new batch", async () => {
    now = start;
    const p = await newProgram(basicDocument(), call);
    const post = () =>
      call("POST", `${p.base}/events`, {
        key: p.adminKey,
        body: { events: [{ id: "x", participant: "nobody", metric: "tweet", occurredAt: "2026-11-26T10:00:00Z" }] },
      });
    for (let i = 0; i < 20; i++) await post();
    expect(await engineCount(p.program, "ingestion_log")).toBe(20);
    now = start + 8 * 86_400_000;
    await post();
    expect(await engineCount(p.program, "ingestion_log")).toBe(20 - 16 + 1);
    await post();
    expect(await engineCount(p.program, "ingestion_log")).toBe(2);
    expect((await call("GET", `${p.base}/ingestion`, { key: p.adminKey })).body.totals).toEqual({ batches: 2, accepted: 0, duplicates: 0, rejected: 2 });
  });

  it("is for the program's admins only", async () => {
    now = start;
    const p = await newProgram(basicDocument({ visibility: "public" }), call);
    expectError(await call("GET", `${p.base}/ingestion`), 401);
    const other = await newOrg();
    expectError(await call("GET", `${p.base}/ingestion`, { key: other.adminKey }), 404);
  });
});
