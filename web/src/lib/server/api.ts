/**
 * The site's one way to data: the API worker, through the service binding API. No SQL and no
 * scoring here; the API answers, pages present.
 */
import { error, type RequestEvent } from "@sveltejs/kit";
import { isErrorCode, type ErrorCode, type FieldProblem } from "$errors";
import { plainProblem } from "$lib/plain";

export const SESSION_COOKIE = "lb_session";
export const SELLER_COOKIE = "lb_seller";

export interface ApiAnswer<T = any> {
  status: number;
  ok: boolean;
  body: T;
}

/** An error answer (SPEC §4); `bad_answer` is the site's own, for an answer that is not JSON. */
export interface ApiError {
  error: { code: ErrorCode | "bad_answer"; message: string; details?: FieldProblem[] };
}

/** The API's code for a refused answer, or null for one that succeeded or is not an error answer. */
export function errorCode(answer: ApiAnswer): ErrorCode | null {
  const code = answer.ok ? null : (answer.body as ApiError | null)?.error?.code;
  return isErrorCode(code) ? code : null;
}

/** Whether the API refused with one of `codes`. */
export function refusedWith(answer: ApiAnswer, ...codes: ErrorCode[]): boolean {
  const code = errorCode(answer);
  return code !== null && codes.includes(code);
}

type Event = Pick<RequestEvent, "platform" | "cookies" | "url">;

/**
 * Whose credential a call carries: the manager's session, the seller's token, none, or one
 * chosen already (a reader of a program, see reader.ts).
 */
export type Who = "manager" | "seller" | "public" | { token: string | undefined };

/** Calls the API; `as` picks the credential; `clientAddress` passes the visitor's address on, for limits per client (sign-in). */
export async function callApi<T = any>(
  event: Event,
  method: string,
  path: string,
  options: { body?: unknown; as?: Who; token?: string; clientAddress?: string | null } = {},
): Promise<ApiAnswer<T>> {
  const api = event.platform?.env.API;
  if (!api) error(502, "The API is not reachable (the API service binding is missing).");
  const headers: Record<string, string> = { Accept: "application/json" };
  const token =
    options.token ??
    (typeof options.as === "object"
      ? options.as.token
      : options.as === "manager"
        ? event.cookies.get(SESSION_COOKIE)
        : options.as === "seller"
          ? event.cookies.get(SELLER_COOKIE)
          : undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.clientAddress) headers["CF-Connecting-IP"] = options.clientAddress;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  const response = await api.fetch(new Request(new URL(path, event.url.origin), { method, headers, body }));
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: { code: "bad_answer", message: text.slice(0, 200) } };
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

/** GET that must succeed: a failure becomes the page's error (404 stays 404). */
export async function read<T = any>(event: Event, path: string, as: Who = "public"): Promise<T> {
  const answer = await callApi<T>(event, "GET", path, { as });
  if (!answer.ok) fail(answer);
  return answer.body;
}

export function fail(answer: ApiAnswer): never {
  const message = (answer.body as ApiError)?.error?.message ?? `the API answered ${answer.status}`;
  if (refusedWith(answer, "not_found")) error(404, "Not found");
  if (refusedWith(answer, "unauthorized", "forbidden")) error(answer.status, "This program is private.");
  error(answer.status >= 500 ? 502 : answer.status, message);
}

/** The field problems of a 422, keyed by path (e.g. `metrics[0].points`), in plain sentences. */
export function fieldErrors(answer: ApiAnswer): Record<string, string> {
  const details = (answer.body as ApiError)?.error?.details;
  const out: Record<string, string> = {};
  if (Array.isArray(details)) for (const d of details) out[d.path] ??= plainProblem(d.path, d.message);
  return out;
}

export const errorMessage = (answer: ApiAnswer) => (answer.body as ApiError)?.error?.message ?? `the API answered ${answer.status}`;

export const enc = encodeURIComponent;

/** What a form says above its fields when the API refused it. */
export function formMessage(answer: ApiAnswer): string {
  if (refusedWith(answer, "invalid") && Object.keys(fieldErrors(answer)).length > 0) return "Some fields need fixing: see the messages beside them.";
  if (refusedWith(answer, "unauthorized")) return "Your session has ended. Sign in again.";
  return errorMessage(answer);
}
