/**
 * The console's list forms (metrics, teams, targets, levels, badges, contests): the rows the
 * manager kept, as the document's items, and the form row each came from, so that the API's
 * errors (by item) are shown on the right row (console.ts's rowErrors).
 */
export function keptRows<T>(
  rows: Record<string, string>[],
  isBlank: (row: Record<string, string>) => boolean,
  itemOf: (row: Record<string, string>) => T,
): { items: T[]; rowOf: number[] } {
  const rowOf: number[] = [];
  const items = rows.flatMap((r, i) => {
    if (r.remove === "on" || isBlank(r)) return [];
    rowOf.push(i);
    return [itemOf(r)];
  });
  return { items, rowOf };
}
