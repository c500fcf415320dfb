/**
 * `GET …/game` (beyond the v1 contract, for the site's scorecard): the program's badge rules and
 * levels as the document writes them, to whoever may read its boards, and to no one else.
 */
import { describe, expect, it } from "vitest";
import { api, basicDocument, newOrg, newProgram } from "./api";
import { expectError } from "./checks";

const BADGES = [
  { key: "streak5", name: "Five in a row", description: "Five counting days running", rule: { kind: "streak", days: 5 } },
  { key: "big-week", name: "Big week", description: "", rule: { kind: "week", points: 40.5 } },
  { key: "tweets", name: "A hundred tweets", description: "", rule: { kind: "total", metric: "tweet", value: 100 } },
];
const LEVELS = [
  { name: "Rookie", points: 0 },
  { name: "Pro", points: 150.25 },
];

describe("GET /v1/programs/{p}/game", () => {
  it("answers the badges and levels to the program's readers", async () => {
    const p = await newProgram(basicDocument({ badges: BADGES, levels: LEVELS, visibility: "private" }));
    await api("PUT", `${p.base}/participants`, { key: p.adminKey, body: { participants: [{ id: "ana", displayName: "Ana", team: null, cohort: null }] } });
    const token = (await api("POST", `${p.base}/participants/ana/token`, { key: p.adminKey })).body.token;
    for (const key of [p.adminKey, token]) {
      const res = await api("GET", `${p.base}/game`, { key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ badges: BADGES, levels: LEVELS });
    }
    expectError(await api("GET", `${p.base}/game`), 401);
    expectError(await api("GET", `${p.base}/game`, { key: (await newOrg()).adminKey }), 404, "not_found");
  });

  it("is public for a public program, and empty lists where none are defined", async () => {
    const p = await newProgram(basicDocument({ visibility: "public" }));
    const res = await api("GET", `${p.base}/game`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ badges: [], levels: [] });
    expectError(await api("GET", "/v1/programs/no-such-program/game"), 404);
  });
});
