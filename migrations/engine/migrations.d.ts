/** The migrations drizzle-kit bundles for `drizzle-orm/durable-sqlite/migrator` (migrations.js). */
declare const config: {
  journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] };
  migrations: Record<string, string>;
};
export default config;
