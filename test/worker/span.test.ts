/** GET …/span: the days a program's boards can show, from its first day to today. */
import { describe, expect, it } from "vitest";
import { apiAt, basicDocument, newOrg, newProgram, unique } from "./api";

const NOW = Date.parse("2026-11-25T10:00:00Z");
const call = apiAt(() => NOW);

describe("GET /v1/programs/{p}/span", () => {
  it("starts on the creation day, or on an earlier metric weight's date", async () => {
    const p = await newProgram(basicDocument(), call);
    expect((await call("GET", `${p.base}/span`, { key: p.adminKey })).body).toEqual({ firstDay: "2026-11-25", today: "2026-11-25" });

    const doc = basicDocument({ visibility: "public" });
    (doc.metrics as { effectiveFrom?: string }[])[1].effectiveFrom = "2026-03-02";
    const slug = unique("prog");
    expect((await call("PUT", `/v1/programs/${slug}`, { key: p.adminKey, body: doc })).status).toBe(201);
    expect((await call("GET", `/v1/programs/${slug}/span`)).body).toEqual({ firstDay: "2026-03-02", today: "2026-11-25" });
  });

  it("is read as the boards are: not by anyone for a private program, nor by another organisation", async () => {
    const p = await newProgram(basicDocument(), call);
    expect((await call("GET", `${p.base}/span`)).status).toBe(401);
    const other = await newOrg();
    expect((await call("GET", `${p.base}/span`, { key: other.adminKey })).status).toBe(404);
  });
});
