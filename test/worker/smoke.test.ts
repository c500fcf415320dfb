import { describe, expect, it } from "vitest";
import { addParticipants, api, newProgram } from "./api";

describe("smoke", () => {
  it("creates a program, participants and events", async () => {
    const p = await newProgram();
    await addParticipants(p, [{ id: "ana", team: "uk" }]);
    const res = await api("POST", `${p.base}/events`, {
      key: p.adminKey,
      body: { events: [{ id: "e1", participant: "ana", metric: "tweet", occurredAt: "2026-11-20T10:00:00Z" }] },
    });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });
});
