/** The console's server side: who is signed in, and changing the program document through the API. */
import { redirect, type RequestEvent } from "@sveltejs/kit";
import type { z } from "zod";
import type { meAnswer } from "$schemas/managers";
import type { programDocument, programDocumentAnswer } from "$schemas/programs";
import { callApi, enc, read, SESSION_COOKIE, type ApiAnswer } from "./api";

/** `GET /v1/me` for a manager's session or an admin key (worker/schemas/managers.ts). */
export type Manager = Extract<z.output<typeof meAnswer>, { kind: "manager" | "admin" }>;
/** The program document as `GET /v1/programs/{program}` answers it (worker/schemas/programs.ts). */
export type ProgramDoc = z.output<typeof programDocumentAnswer>;
/** The document to change: the stored one without the metrics' dates (weights that do not change add no version). */
export type ProgramChange = Omit<ProgramDoc, "metrics"> & { metrics: Omit<ProgramDoc["metrics"][number], "effectiveFrom">[] };
/** What a PUT sends: the API's request schema, before its transforms. */
export type ProgramBody = z.input<typeof programDocument>;

/** The signed-in manager, or a redirect to the sign-in page (coming back here after). */
export async function requireManager(event: RequestEvent): Promise<Manager> {
  const back = `/console/login?next=${enc(event.url.pathname + event.url.search)}`;
  if (!event.cookies.get(SESSION_COOKIE)) redirect(303, back);
  const me = await callApi<Manager>(event, "GET", "/v1/me", { as: "manager" });
  if (!me.ok || (me.body.kind !== "manager" && me.body.kind !== "admin")) {
    event.cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, back);
  }
  return me.body;
}

export const readDocument = (event: RequestEvent, slug: string) => read<ProgramDoc>(event, `/v1/programs/${enc(slug)}`, "manager");

/**
 * Replaces part of the program document: reads the stored one, applies `change`, and PUTs it back.
 * Weights that do not change add no version, so the stored dates are left out.
 */
export async function changeDocument(event: RequestEvent, slug: string, change: (doc: ProgramChange) => ProgramBody): Promise<ApiAnswer> {
  await requireManager(event);
  const stored = await readDocument(event, slug);
  const plain = { ...stored, metrics: stored.metrics.map(({ effectiveFrom: _, ...m }) => m) };
  return callApi(event, "PUT", `/v1/programs/${enc(slug)}`, { as: "manager", body: change(plain) });
}

/** Rows of a repeated form field: `prefix[0].name`, `prefix[1].name`, … as objects. */
export function formRows(form: FormData, prefix: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const [name, value] of form.entries()) {
    const m = new RegExp(`^${prefix}\\[(\\d+)\\]\\.(\\w+)$`).exec(name);
    if (!m || typeof value !== "string") continue;
    (rows[Number(m[1])] ??= {})[m[2]] = value;
  }
  return rows.filter(Boolean);
}

/** A form's number: the number itself, null where empty and `nullable`, else the text (the API names the problem). */
export function numberField(text: string | undefined, nullable = false): number | string | null {
  const t = (text ?? "").trim();
  if (t === "") return nullable ? null : "";
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** Moves 422 field problems from document indexes to form row indexes. */
export function rowErrors(errors: Record<string, string>, field: string, rowOf: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const m = new RegExp(`^${field}\\[(\\d+)\\](.*)$`).exec(path);
    if (m) out[`${field}[${rowOf[Number(m[1])]}]${m[2]}`] = message;
    else out[path] = message;
  }
  return out;
}
