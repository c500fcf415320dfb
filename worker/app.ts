/** The HTTP API (SPEC §4): middleware in order, then the routes of each resource. */
import { Hono } from "hono";
import { authenticate } from "./auth";
import { limitBodies } from "./body-limits";
import type { AppEnv } from "./context";
import { batchingReads, database } from "./db/client";
import { scoredBeforeReads } from "./db/scoring";
import { handleError, handleNotFound } from "./errors";
import { startParticipantLookup, startProgramLookup } from "./lookup";
import { limitIngest } from "./rate-limit";
import { boardRoutes } from "./routes/boards";
import { eventRoutes, startIngest } from "./routes/events";
import { insightRoutes } from "./routes/insights";
import { keyRoutes } from "./routes/keys";
import { managerRoutes } from "./routes/managers";
import { orgRoutes } from "./routes/orgs";
import { participantRoutes } from "./routes/participants";
import { programRoutes } from "./routes/programs";
import { reportRoutes } from "./routes/reports";
import { webhookRoutes } from "./routes/webhooks";
import { securityHeaders } from "./security-headers";

export interface AppOptions {
  /** The clock, in epoch ms; tests pass a fixed one. */
  now?: () => number;
}

export function createApp({ now = Date.now }: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.use("*", securityHeaders);
  app.use("/v1/*", limitBodies);
  app.use("*", async (c, next) => {
    // Ingestion leaves its events' scoring to the backlog's limit (db/scoring.ts); every other
    // request scores what waits before it reads.
    const ingesting = c.req.method === "POST" && /^\/v1\/programs\/[^/]+\/events$/.test(c.req.path);
    c.set("db", batchingReads(database(c.env.DB), ingesting ? undefined : scoredBeforeReads));
    c.set("now", now());
    await next();
  });
  // Before authenticate: these lookups go to D1 in one batch with the credential's (lookup.ts),
  // and so do an ingest batch's reads, whose body is read first (routes/events.ts).
  app.use("/v1/programs/:program/events", startIngest);
  app.use("/v1/programs/:program/*", startProgramLookup);
  app.use("/v1/programs/:program/participants/:id/*", startParticipantLookup);
  app.use("/v1/*", authenticate);
  app.use("/v1/programs/:program/events", limitIngest);
  app.route("/v1/orgs", orgRoutes);
  app.route("/v1/programs", programRoutes);
  app.route("/v1/programs", participantRoutes);
  app.route("/v1/programs", keyRoutes);
  app.route("/v1/programs", eventRoutes);
  app.route("/v1/programs", boardRoutes);
  app.route("/v1/programs", reportRoutes);
  app.route("/v1/programs", webhookRoutes);
  // Beyond the v1 contract: manager accounts and sessions, and the reads the site needs.
  app.route("/v1", managerRoutes);
  app.route("/v1", insightRoutes);
  return app;
}
