/** A small CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF) for participant imports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === "," || c === ";" || c === "\t") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

/**
 * One line of an import. A field is undefined where the file has no column for it: the import
 * then leaves that field as stored. An empty cell in a team or cohort column clears it.
 */
export interface CsvParticipant {
  line: number;
  id: string;
  displayName?: string;
  team?: string | null;
  cohort?: string | null;
}

export type CsvColumn = "id" | "displayName" | "team" | "cohort";

const HEADERS: Record<string, CsvColumn> = {
  id: "id",
  participant: "id",
  "participant id": "id",
  displayname: "displayName",
  "display name": "displayName",
  name: "displayName",
  team: "team",
  "team key": "team",
  cohort: "cohort",
};

/** Participants from CSV with a header row (id, and any of displayName, team, cohort); or the header's problem. */
export function participantsFromCsv(text: string): { rows: CsvParticipant[]; columns: CsvColumn[]; problem: string | null } {
  const [header, ...body] = parseCsv(text);
  if (!header) return { rows: [], columns: [], problem: "The file is empty." };
  const columns = header.map((h) => HEADERS[h.trim().toLowerCase()] ?? null);
  const named = columns.filter((c): c is CsvColumn => c !== null);
  if (!named.includes("id")) {
    return { rows: [], columns: named, problem: "The first line must name the columns: id, and any of displayName, team and cohort." };
  }
  const rows = body.map((cells, i) => {
    const r: CsvParticipant = { line: i + 2, id: "" };
    columns.forEach((col, j) => {
      if (!col) return;
      const v = (cells[j] ?? "").trim();
      if (col === "team" || col === "cohort") r[col] = v === "" ? null : v;
      else r[col] = v;
    });
    return r;
  });
  return { rows, columns: named, problem: rows.length === 0 ? "The file has a header but no participants." : null };
}
