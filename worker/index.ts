import { createApp } from "./app";
import { database } from "./db/client";
import { runScheduled } from "./scheduled";

export { ProgramEngine } from "./engine/program-engine";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, database(env.DB), controller.cron, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
