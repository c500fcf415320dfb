/**
 * Error codes (issue #22): one closed list, each code with its one status, and every error answer
 * built from a code (worker/error-codes.ts, worker/errors.ts).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { codeOfStatus, ERROR_CODES, ERROR_MEANING, ERROR_STATUS, isErrorCode } from "../../worker/error-codes";
import { ApiError, conflict, handleError, tooManyRequests } from "../../worker/errors";
import { expectError } from "./checks";

const answer = async (error: Error) => {
  const app = new Hono().get("/", () => {
    throw error;
  });
  app.onError(handleError);
  const res = await app.request("/");
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
};

describe("error codes", () => {
  it("give every ApiError its status: the code's, never chosen apart from it", async () => {
    for (const code of ERROR_CODES) {
      const error = new ApiError(code, `a ${code}`);
      expect(error.status).toBe(ERROR_STATUS[code]);
      const res = await answer(error);
      expect(res.status).toBe(ERROR_STATUS[code]);
      expectError(res as never, ERROR_STATUS[code], code);
      expect(ERROR_MEANING[code].length).toBeGreaterThan(0);
    }
  });

  it("list the SPEC's statuses, the conflicts all 409", () => {
    expect(ERROR_STATUS).toMatchObject({
      malformed: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      too_large: 413,
      unsupported_media_type: 415,
      invalid: 422,
      rate_limited: 429,
      internal: 500,
    });
    for (const code of ["email_taken", "slug_taken", "team_in_use", "timezone_locked", "toggle_out_of_order", "week_not_ended"] as const) {
      expect(conflict(code, "taken").status).toBe(409);
    }
    expect(isErrorCode("not_found")).toBe(true);
    expect(isErrorCode("error")).toBe(false);
    expect(isErrorCode("toString")).toBe(false);
  });

  it("keep a 429's Retry-After header", async () => {
    const res = await answer(tooManyRequests(60));
    expectError(res as never, 429, "rate_limited");
    expect(res.headers.get("Retry-After")).toBe("60");
  });

  it("give a library's refusal by status its status's one code, and anything else an internal 500", async () => {
    expect(codeOfStatus(413)).toBe("too_large");
    expect(codeOfStatus(409)).toBeUndefined();
    expectError((await answer(new HTTPException(413, { message: "too big" }))) as never, 413, "too_large");
    const teapot = await answer(new HTTPException(418, { message: "teapot" }));
    expectError(teapot as never, 500, "internal");
    expect(teapot.body.error.message).not.toMatch(/teapot/);
  });
});
