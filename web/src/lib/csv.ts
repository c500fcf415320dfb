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

export interface CsvParticipant {
  line: number;
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
}

const HEADERS: Record<string, keyof Omit<CsvParticipant, "line">> = {
  id: "id", participant: "id", "participant id": "id",
  displayname: "displayName", "display name": "displayName", name: "displayName",
  team: "team", "team key": "team",
  cohort: "cohort",
};

/** Participants from CSV with a header row (id, displayName, team, cohort); or the header's problem. */
export function participantsFromCsv(text: string): { rows: CsvParticipant[]; problem: string | null } {
  const [header, ...body] = parseCsv(text);
  if (!header) return { rows: [], problem: "The file is empty." };
  const columns = header.map((h) => HEADERS[h.trim().toLowerCase()] ?? null);
  if (!columns.includes("id") || !columns.includes("displayName")) {
    return { rows: [], problem: "The first line must name the columns: id, displayName, and optionally team and cohort." };
  }
  const rows = body.map((cells, i) => {
    const r: CsvParticipant = { line: i + 2, id: "", displayName: "", team: null, cohort: null };
    columns.forEach((col, j) => {
      if (!col) return;
      const v = (cells[j] ?? "").trim();
      if (col === "team" || col === "cohort") r[col] = v === "" ? null : v;
      else r[col] = v;
    });
    return r;
  });
  return { rows, problem: rows.length === 0 ? "The file has a header but no participants." : null };
}
