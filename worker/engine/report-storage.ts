/** Stored weekly Power 100 reports in the engine's SQLite, one JSON body per ISO week. */
import type { SqlRun } from "./sql-run";

export class ReportStorage {
  constructor(private readonly run: SqlRun) {}

  /** The stored body of the week's report, or null. */
  body(week: string): unknown | null {
    const row = this.run<{ body: string }>("SELECT body FROM weekly_reports WHERE week = ?", week)[0];
    return row ? JSON.parse(row.body) : null;
  }

  /** The weeks with a report, newest first. */
  weeks(): string[] {
    return this.run<{ week: string }>("SELECT week FROM weekly_reports ORDER BY week DESC").map((r) => r.week);
  }

  /** Stores a report; without `replace` one stored already is kept. Answers whether this stored it. */
  store(week: string, generatedAt: number, body: unknown, replace: boolean): boolean {
    const verb = replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE";
    return (
      this.run(`${verb} INTO weekly_reports (week, generated_at, body) VALUES (?, ?, ?) RETURNING week`, week, generatedAt, JSON.stringify(body)).length > 0
    );
  }

  /** Every stored report, for erasure to rewrite. */
  all(): { week: string; body: string }[] {
    return this.run<{ week: string; body: string }>("SELECT week, body FROM weekly_reports");
  }

  replaceBody(week: string, body: unknown): void {
    this.run("UPDATE weekly_reports SET body = ? WHERE week = ?", JSON.stringify(body), week);
  }
}
