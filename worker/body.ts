/**
 * Reading a JSON body through its zod schema: 415 for another media type, 400 for text that is
 * not JSON, 422 listing each invalid field.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { type FieldProblem, invalid, malformed, unsupportedMediaType } from "./errors";

/** Reads the body as JSON; an empty body is `{}` where `optional`. */
export async function readJson(c: Context, { optional = false } = {}): Promise<unknown> {
  return parseJson(await c.req.text(), c.req.header("Content-Type"), { optional });
}

/** A body's text as JSON, given its Content-Type; an empty body is `{}` where `optional`. */
export function parseJson(text: string, contentType = "", { optional = false } = {}): unknown {
  if (optional && text.trim() === "") return {};
  if (!/^application\/json\s*(;|$)/i.test(contentType)) throw unsupportedMediaType();
  try {
    return JSON.parse(text);
  } catch {
    throw malformed("the body is not valid JSON");
  }
}

/** Reads and validates the body; the schema's output is the single source of its shape. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S, options?: { optional?: boolean }): Promise<z.output<S>> {
  return validate(schema, await readJson(c, options));
}

/** Validates a value; `at` names where it came from when it is not the body (a path or query parameter). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, at?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(fieldProblems(result.error, at));
  return result.data;
}

export function fieldProblems(error: z.ZodError, at?: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = at ? [at, ...issue.path] : issue.path;
    // An unknown field is a problem of that field, not of the object that holds it.
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: "is not a known field" }));
    return [{ path: formatPath(path), message: issue.message }];
  });
}

/** `metrics[0].points`: a path a person can read. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`)).join("") || "(body)";
}
