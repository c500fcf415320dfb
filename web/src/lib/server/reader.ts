/**
 * Who reads a program's boards. A private program is shown to a signed-in manager of its
 * organisation (the session is an admin there) and to its sellers (their private link's token);
 * a public one to everyone. The site tries the visitor's credentials in turn and keeps the first
 * the API accepts, so another organisation's manager, or a seller of another program, reads as
 * the public does. Done once a request per program (boards, TV and badges read many times).
 */
import { error, type RequestEvent } from "@sveltejs/kit";
import type { Span } from "$lib/periods";
import type { Summary } from "$lib/types";
import { callApi, enc, refusedWith, SELLER_COOKIE, SESSION_COOKIE, type ApiAnswer } from "./api";

export interface Reader {
  /** The credential the program's reads carry (undefined: none, a public program). */
  token: string | undefined;
  summary: Summary;
  /** The seller holding this program's private link on this device, if any. */
  seller: { id: string; displayName: string } | null;
  /** The program's span, once read (board.ts). */
  span?: Promise<Span>;
}

type Event = Pick<RequestEvent, "platform" | "cookies" | "url" | "locals">;

export function readerOf(event: Event, slug: string): Promise<Reader> {
  const cache = (event.locals.readers ??= new Map());
  let reader = cache.get(slug);
  if (!reader) cache.set(slug, (reader = findReader(event, slug)));
  return reader;
}

async function findReader(event: Event, slug: string): Promise<Reader> {
  const session = event.cookies.get(SESSION_COOKIE);
  const sellerToken = event.cookies.get(SELLER_COOKIE);
  const seller = sellerToken ? sellerOf(event, sellerToken, slug) : Promise.resolve(null);
  const failures: ApiAnswer[] = [];
  const candidates = [...[session, sellerToken].filter((t): t is string => !!t), undefined];
  for (const token of candidates) {
    const answer = await callApi<Summary>(event, "GET", `/v1/programs/${enc(slug)}/summary`, { token });
    if (answer.ok) return { token, summary: answer.body, seller: await seller };
    if (answer.status >= 500) error(502, "The boards cannot be read just now. Please try again.");
    failures.push(answer);
  }
  // Another organisation's private program is "not found" to its managers, as in the API.
  if (failures.some((f) => refusedWith(f, "not_found"))) error(404, "Not found");
  error(401, "This program is private.");
}

/** The seller this device holds a private link of, where it is one of this program's. */
async function sellerOf(event: Event, token: string, slug: string): Promise<Reader["seller"]> {
  const me = await callApi(event, "GET", "/v1/me", { token });
  if (!me.ok || me.body?.kind !== "participant" || me.body.program?.slug !== slug) return null;
  return { id: me.body.participant.id, displayName: me.body.participant.displayName };
}
