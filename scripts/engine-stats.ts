/** A program engine's own figures, read past the API through Miniflare (the bench's rows written, the crash check). */
import type { Miniflare } from "miniflare";
import { API_WORKER } from "./leadboard.ts";

export interface EngineStats {
  participants: number;
  /** SQLite rows the engine wrote since its object was last started. */
  rowsWritten: number;
  /** Event posts it handled, and the commits they shared (group-commit.ts), since then. */
  posts: number;
  commits: number;
}

/** The engine of the program `slug`: the Durable Object named by the program's D1 id (worker/engine/client.ts). */
export async function engineStats(mf: Miniflare, slug: string): Promise<EngineStats> {
  const db = await mf.getD1Database("DB", API_WORKER);
  const program = await db.prepare("SELECT id FROM programs WHERE slug = ?").bind(slug).first<{ id: number }>();
  if (!program) throw new Error(`no program ${slug} in D1`);
  const engines = await mf.getDurableObjectNamespace("PROGRAM_ENGINE", API_WORKER);
  // The answer comes back through Miniflare's proxy: its fields are read one by one.
  const stats = await (engines.get(engines.idFromName(String(program.id))) as unknown as { stats(): Promise<EngineStats> }).stats();
  return {
    participants: Number(await stats.participants),
    rowsWritten: Number(await stats.rowsWritten),
    posts: Number(await stats.posts),
    commits: Number(await stats.commits),
  };
}
