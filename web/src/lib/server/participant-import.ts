/**
 * A participant CSV import, merged with what is stored: a column the file lacks leaves that field
 * as it is (an `id,name` file renames, and keeps every team and cohort). The merge is done here,
 * from the stored participants (`GET …/participants`), and the API checks the merged rows.
 */
import type { RequestEvent } from "@sveltejs/kit";
import { participantsFromCsv, type CsvParticipant } from "$lib/csv";
import { plainProblem } from "$lib/plain";
import { callApi, enc, errorMessage } from "./api";

export interface Stored {
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
}

export interface Change {
  field: "name" | "team" | "cohort";
  from: string | null;
  to: string | null;
}

export interface ImportRow extends Stored {
  line: number;
  status: "new" | "update" | "unchanged" | "problem";
  changes: Change[];
  problems: string[];
}

/** The stored participants with these ids, paged through 1000 at a time until all are found. */
async function storedWith(event: RequestEvent, slug: string, ids: Set<string>): Promise<Map<string, Stored>> {
  const found = new Map<string, Stored>();
  for (let offset = 0; found.size < ids.size; offset += 1000) {
    const page = await callApi(event, "GET", `/v1/programs/${enc(slug)}/participants?limit=1000&offset=${offset}`, { as: "manager" });
    if (!page.ok) throw new Error(errorMessage(page));
    for (const p of page.body.participants as Stored[]) if (ids.has(p.id)) found.set(p.id, p);
    if (offset + 1000 >= page.body.total) break;
  }
  return found;
}

const merge = (row: CsvParticipant, stored: Stored | undefined): Stored => ({
  id: row.id,
  displayName: row.displayName ?? stored?.displayName ?? "",
  team: row.team !== undefined ? row.team : (stored?.team ?? null),
  cohort: row.cohort !== undefined ? row.cohort : (stored?.cohort ?? null),
});

function changesOf(before: Stored, after: Stored): Change[] {
  const fields = [
    ["name", "displayName"],
    ["team", "team"],
    ["cohort", "cohort"],
  ] as const;
  return fields.filter(([, key]) => before[key] !== after[key]).map(([field, key]) => ({ field, from: before[key], to: after[key] }));
}

/** The file read, merged and checked: each row's status, changes and problems; nothing stored. */
export async function planImport(event: RequestEvent, slug: string, text: string): Promise<{ rows: ImportRow[]; problem: string | null }> {
  const { rows, problem } = participantsFromCsv(text);
  if (problem) return { rows: [], problem };
  if (rows.length > 5000) return { rows: [], problem: "At most 5000 participants at a time." };
  const stored = await storedWith(event, slug, new Set(rows.map((r) => r.id)));
  const planned: ImportRow[] = rows.map((row) => {
    const before = stored.get(row.id);
    const after = merge(row, before);
    const problems = !before && !after.displayName ? ["A new participant needs a name: add a displayName column, or fill it in."] : [];
    const changes = before ? changesOf(before, after) : [];
    return { ...after, line: row.line, problems, changes, status: before ? (changes.length ? "update" : "unchanged") : "new" };
  });
  for (let start = 0; start < planned.length; start += 1000) {
    const part = planned.slice(start, start + 1000);
    const check = await callApi(event, "POST", `/v1/programs/${enc(slug)}/participants/check`, { as: "manager", body: bodyOf(part) });
    if (!check.ok) return { rows: [], problem: errorMessage(check) };
    for (const p of check.body.problems as { path: string; message: string }[]) {
      const m = /^participants\[(\d+)\]/.exec(p.path);
      const row = m ? planned[start + Number(m[1])] : undefined;
      // A missing name is said once, by the merge above.
      if (row && !(row.problems.length && /displayName$/.test(p.path))) row.problems.push(plainProblem(p.path, p.message));
    }
  }
  for (const row of planned) if (row.problems.length) row.status = "problem";
  return { rows: planned, problem: null };
}

export const bodyOf = (rows: Stored[]) => ({ participants: rows.map(({ id, displayName, team, cohort }) => ({ id, displayName, team, cohort })) });
