/** Private links in bulk (POST …/invites), revoking one participant's links, and "new link revokes the old one". */
import { describe, expect, it } from "vitest";
import { addParticipants, api, newOrg, newProgram } from "./api";

async function programWithSellers(n = 3) {
  const p = await newProgram();
  await addParticipants(
    p,
    Array.from({ length: n }, (_, i) => ({ id: `s-${i + 1}`, displayName: `Seller ${i + 1}` })),
  );
  return p;
}

const whoIs = (token: string) => api("GET", "/v1/me", { key: token });

describe("POST /v1/programs/{p}/invites", () => {
  it("gives every participant a new link when none are listed, and the old links stop working", async () => {
    const p = await programWithSellers();
    const old = await api("POST", `${p.base}/participants/s-2/token`, { key: p.adminKey });
    expect((await whoIs(old.body.token)).status).toBe(200);

    const res = await api("POST", `${p.base}/invites`, { key: p.adminKey });
    expect(res.status).toBe(201);
    expect(res.body.invites.map((i: { id: string; displayName: string }) => [i.id, i.displayName])).toEqual([
      ["s-1", "Seller 1"],
      ["s-2", "Seller 2"],
      ["s-3", "Seller 3"],
    ]);
    for (const invite of res.body.invites) {
      const me = await whoIs(invite.token);
      expect(me.status).toBe(200);
      expect(me.body.participant.id).toBe(invite.id);
    }
    expect((await whoIs(old.body.token)).status).toBe(401);
  });

  it("gives links only to the listed participants, leaving the others' links alone", async () => {
    const p = await programWithSellers();
    const first = (await api("POST", `${p.base}/invites`, { key: p.adminKey, body: {} })).body.invites as { id: string; token: string }[];
    const res = await api("POST", `${p.base}/invites`, { key: p.adminKey, body: { participants: ["s-3", "s-1", "s-3"] } });
    expect(res.status).toBe(201);
    expect(res.body.invites.map((i: { id: string }) => i.id)).toEqual(["s-1", "s-3"]);
    const byId = Object.fromEntries(first.map((i) => [i.id, i.token]));
    expect((await whoIs(byId["s-1"])).status).toBe(401);
    expect((await whoIs(byId["s-2"])).status).toBe(200);
    expect((await whoIs(byId["s-3"])).status).toBe(401);
  });

  it("refuses unknown ids (naming each), too many ids, and callers who are not the program's admin", async () => {
    const p = await programWithSellers(1);
    const unknown = await api("POST", `${p.base}/invites`, { key: p.adminKey, body: { participants: ["s-1", "nobody"] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: "participants[1]", message: 'no participant "nobody" in this program' }]);
    const many = await api("POST", `${p.base}/invites`, { key: p.adminKey, body: { participants: Array.from({ length: 1001 }, (_, i) => `x-${i}`) } });
    expect(many.status).toBe(413);
    const wrong = await api("POST", `${p.base}/invites`, { key: p.adminKey, body: { participants: "s-1" } });
    expect(wrong.status).toBe(422);

    expect((await api("POST", `${p.base}/invites`)).status).toBe(401);
    const seller = (await api("POST", `${p.base}/participants/s-1/token`, { key: p.adminKey })).body.token;
    expect((await api("POST", `${p.base}/invites`, { key: seller })).status).toBe(403);
    const other = await newOrg();
    expect((await api("POST", `${p.base}/invites`, { key: other.adminKey })).status).toBe(404);
  });
});

describe("revoking and renewing one participant's link", () => {
  it("a new link revokes the earlier one; DELETE …/token revokes the link alone", async () => {
    const p = await programWithSellers(2);
    const a = (await api("POST", `${p.base}/participants/s-1/token`, { key: p.adminKey })).body.token;
    const b = (await api("POST", `${p.base}/participants/s-1/token`, { key: p.adminKey })).body.token;
    const other = (await api("POST", `${p.base}/participants/s-2/token`, { key: p.adminKey })).body.token;
    expect((await whoIs(a)).status).toBe(401);
    expect((await whoIs(b)).status).toBe(200);

    expect((await api("DELETE", `${p.base}/participants/s-1/token`, { key: p.adminKey })).status).toBe(204);
    expect((await whoIs(b)).status).toBe(401);
    expect((await whoIs(other)).status, "another participant's link stays").toBe(200);
    // The participant stays, with their opt-in; only the link is gone.
    const list = await api("GET", `${p.base}/participants?q=s-1`, { key: p.adminKey });
    expect(list.body.participants[0]).toMatchObject({ id: "s-1", optedIn: true });

    expect((await api("DELETE", `${p.base}/participants/s-1/token`, { key: p.adminKey })).status, "again: nothing to revoke").toBe(204);
    expect((await api("DELETE", `${p.base}/participants/nobody/token`, { key: p.adminKey })).status).toBe(404);
    expect((await api("DELETE", `${p.base}/participants/s-2/token`, { key: other })).status).toBe(403);
    const stranger = await newOrg();
    expect((await api("DELETE", `${p.base}/participants/s-2/token`, { key: stranger.adminKey })).status).toBe(404);
    expect((await whoIs(other)).status).toBe(200);
  });
});
