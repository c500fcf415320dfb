import { createApp } from "./app";
import { database } from "./db/client";
import { runScheduled } from "./scheduled";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(database(env.DB), controller.cron, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
