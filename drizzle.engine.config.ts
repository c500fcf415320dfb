import { defineConfig } from "drizzle-kit";

/** Each program engine's own SQLite (a Durable Object's storage); D1's schema is drizzle.config.ts. */
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./worker/engine/schema.ts",
  out: "./migrations/engine",
});
