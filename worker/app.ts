/** The HTTP API (SPEC §4): middleware in order, then the routes of each resource. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "./auth";
import { limitBodies } from "./body-limits";
import type { AppEnv } from "./context";
import { database } from "./db/client";
import { handleError, handleNotFound } from "./errors";
import { openApiDocument } from "./openapi";
import { limitIngest } from "./rate-limit";
import { boardRoutes } from "./routes/boards";
import { eventRoutes } from "./routes/events";
import { gameRoutes } from "./routes/game";
import { insightRoutes } from "./routes/insights";
import { inviteRoutes } from "./routes/invites";
import { keyRoutes } from "./routes/keys";
import { managerInsightRoutes } from "./routes/manager-insights";
import { managerRoutes } from "./routes/managers";
import { orgRoutes } from "./routes/orgs";
import { participantRoutes } from "./routes/participants";
import { programRoutes } from "./routes/programs";
import { reportRoutes } from "./routes/reports";
import { spanRoutes } from "./routes/span";
import { webhookRoutes } from "./routes/webhooks";
import { securityHeaders } from "./security-headers";

export interface AppOptions {
  /** The clock, in epoch ms; tests pass a fixed one. */
  now?: () => number;
}

export function createApp({ now = Date.now }: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.use("*", securityHeaders);
  app.use("/v1/*", limitBodies);
  // The contract (issue #22), built once from the routes declared below; no credential needed.
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get("/v1/openapi.json", (c) => c.json((document ??= openApiDocument(app))));
  app.use("*", async (c, next) => {
    c.set("db", database(c.env.DB));
    c.set("now", now());
    await next();
  });
  app.use("/v1/*", authenticate);
  app.use("/v1/programs/:program/events", limitIngest);
  app.route("/v1/orgs", orgRoutes);
  app.route("/v1/programs", programRoutes);
  app.route("/v1/programs", participantRoutes);
  app.route("/v1/programs", inviteRoutes);
  app.route("/v1/programs", spanRoutes);
  app.route("/v1/programs", keyRoutes);
  app.route("/v1/programs", eventRoutes);
  app.route("/v1/programs", boardRoutes);
  app.route("/v1/programs", gameRoutes);
  app.route("/v1/programs", reportRoutes);
  app.route("/v1/programs", webhookRoutes);
  app.route("/v1/programs", managerInsightRoutes);
  // Beyond the v1 contract: manager accounts and sessions, and the reads the site needs.
  app.route("/v1", managerRoutes);
  app.route("/v1", insightRoutes);
  return app;
}
