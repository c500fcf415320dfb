import { createApp } from "./app";
import { batchingReads, database } from "./db/client";
import { runScheduled } from "./scheduled";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    // Reads started together go to D1 as one batch, as in a request (app.ts); the jobs score waiting events themselves.
    ctx.waitUntil(runScheduled(batchingReads(database(env.DB)), controller.cron, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
