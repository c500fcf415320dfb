/**
 * The API declared contract-first (issue #22): each route file declares its routes with
 * `createRoute` (request and answer schemas from worker/schemas/) and mounts its handler with
 * `handle`; the app serves the OpenAPI 3.1 document built from those declarations.
 *
 * `handle` registers the route in the document and mounts the handler as it is, without the
 * validators `OpenAPIHono.openapi` would put before it: those would read and check the body and
 * query before the handler has looked up the program and checked the credential (the order of
 * SPEC §4: 404/401/403 before 415/400/422), and would answer hono's own 400s. A handler checks its
 * request itself, after access, with the route's own schemas (worker/body.ts `readBody`,
 * `validate`), so the schemas documented are the schemas applied.
 */
import { OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Handler, MiddlewareHandler } from "hono";
import type { AppEnv } from "./context";

export type Routes = OpenAPIHono<AppEnv>;

/** The routes of one resource. */
export const routes = (): Routes => new OpenAPIHono<AppEnv>();

/** A route as `createRoute` makes it. */
type Route = RouteConfig & { getRoutingPath(): string };

/**
 * Declares `route` in the document and mounts `handler` for it, after the middleware `before`.
 * `path` is hono's path where it is narrower than the documented one (`:id{[0-9]+}`).
 */
export function handle<R extends Route>(
  app: Routes,
  route: R,
  handler: Handler<AppEnv, ReturnType<R["getRoutingPath"]>>,
  { path = route.getRoutingPath(), before = [] }: { path?: string; before?: MiddlewareHandler<AppEnv>[] } = {},
): Routes {
  app.openAPIRegistry.registerPath(route);
  app.on([route.method.toUpperCase()], [path], ...before, handler as Handler<AppEnv>);
  return app;
}

/** An answer with a JSON body. */
export const jsonAnswer = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** An answer without a body. */
export const emptyAnswer = (description: string) => ({ description });

/** A JSON request body (`required: false`: may be empty). */
export const jsonBody = <S extends z.ZodType>(schema: S, { required = true, description }: { required?: boolean; description?: string } = {}) => ({
  required,
  ...(description === undefined ? {} : { description }),
  content: { "application/json": { schema } },
});

/** Path parameters, documented. */
export const programParam = z.string().openapi({ param: { name: "program", in: "path" }, description: "the program's slug", example: "social-selling" });
export const participantParam = z.string().openapi({ param: { name: "id", in: "path" }, description: "the participant's id", example: "p-01" });
export const weekParam = z.string().openapi({ param: { name: "week", in: "path" }, description: "an ISO week label", example: "2026-W47" });

/** Credentials (SPEC §4): `Authorization: Bearer <secret>`. */
export const BEARER = "bearer";
/** Needs a credential. */
export const withCredential: Record<string, string[]>[] = [{ [BEARER]: [] }];
/** A credential, or none where the program is public. */
export const credentialOrPublic: Record<string, string[]>[] = [{ [BEARER]: [] }, {}];

/** The OpenAPI 3.1 document of the app's declared routes. */
export function openApiDocument(app: Routes) {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    description:
      "Authorization: Bearer <secret>: the operator key, an organisation admin key (or a manager's session token), a program ingest key, or a participant token.",
  });
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Leadboard API v1.1",
      version: "1.1",
      description: 'Success tracking and leaderboards for sales teams (SPEC §4). JSON in and out; every error is `{"error": {"code", "message", "details"?}}`.',
    },
    servers: [{ url: "/" }],
  });
}
