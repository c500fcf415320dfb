/** The console's private links: one seller's new link or its revocation, and links in bulk. */
import { fail, type RequestEvent } from "@sveltejs/kit";
import { callApi, enc, errorMessage } from "./api";
import { requireManager } from "./console";
import { originOf } from "./origin";

export interface Invite {
  id: string;
  displayName: string;
  url: string;
}

/** New links for the listed sellers, or for everyone (the API takes 1000 a request). */
async function invite(event: RequestEvent, slug: string, ids: string[] | null): Promise<Invite[] | string> {
  const post = (body: unknown) => callApi(event, "POST", `/v1/programs/${enc(slug)}/invites`, { as: "manager", body });
  let lists: (string[] | undefined)[] = [];
  if (ids) for (let i = 0; i < ids.length; i += 1000) lists.push(ids.slice(i, i + 1000));
  else {
    const all = await post({});
    if (all.ok) return linksOf(event, all.body.invites);
    if (all.status !== 413) return errorMessage(all);
    lists = await everyId(event, slug);
  }
  const out: Invite[] = [];
  for (const participants of lists) {
    const answer = await post({ participants });
    if (!answer.ok) return `${errorMessage(answer)} (after ${out.length} links)`;
    out.push(...linksOf(event, answer.body.invites));
  }
  return out;
}

/** Every participant's id, in lists of 1000. */
async function everyId(event: RequestEvent, slug: string): Promise<string[][]> {
  const lists: string[][] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await callApi(event, "GET", `/v1/programs/${enc(slug)}/participants?limit=1000&offset=${offset}`, { as: "manager" });
    if (!page.ok) break;
    lists.push(page.body.participants.map((p: { id: string }) => p.id));
    if (offset + 1000 >= page.body.total) break;
  }
  return lists;
}

const linksOf = (event: RequestEvent, invites: { id: string; displayName: string; token: string }[]): Invite[] =>
  invites.map((i) => ({ id: i.id, displayName: i.displayName, url: `${originOf(event) ?? ""}/s/${i.token}` }));

export const inviteActions = {
  /** A new private link for one seller, shown once; their earlier link stops working. */
  link: async (event: RequestEvent<{ program: string }>) => {
    await requireManager(event);
    const id = String((await event.request.formData()).get("id") ?? "");
    const answer = await callApi(event, "POST", `/v1/programs/${enc(event.params.program)}/participants/${enc(id)}/token`, { as: "manager" });
    if (!answer.ok) return fail(answer.status, { linkProblem: { id, message: errorMessage(answer) } });
    return { link: { id, url: `${originOf(event) ?? ""}/s/${answer.body.token}` } };
  },
  /** Stops a seller's private link, leaving them and their scores as they are. */
  revoke: async (event: RequestEvent<{ program: string }>) => {
    await requireManager(event);
    const id = String((await event.request.formData()).get("id") ?? "");
    const answer = await callApi(event, "DELETE", `/v1/programs/${enc(event.params.program)}/participants/${enc(id)}/token`, { as: "manager" });
    if (!answer.ok) return fail(answer.status, { linkProblem: { id, message: errorMessage(answer) } });
    return { revoked: id };
  },
  /** New links for the selected sellers, or everyone: a CSV and a message to send. */
  invite: async (event: RequestEvent<{ program: string }>) => {
    const me = await requireManager(event);
    const form = await event.request.formData();
    const ids = form.get("who") === "all" ? null : form.getAll("ids").map(String);
    if (ids && ids.length === 0) return fail(400, { inviteProblem: "Select the sellers first, or choose “Links for everyone”." });
    const result = await invite(event, event.params.program, ids);
    if (typeof result === "string") return fail(400, { inviteProblem: result });
    const program = me.programs.find((p) => p.slug === event.params.program)?.name ?? event.params.program;
    return { invites: result, programName: program };
  },
};
