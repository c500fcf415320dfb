/**
 * A rule a program document breaks, found by the checks of scoring/ (contests, badges, levels):
 * the path of the field inside the document and what is wrong, as a schema's custom issue takes
 * them (`ctx.addIssue({ code: "custom", path, message })`).
 */
export interface Problem {
  path: (string | number)[];
  message: string;
}

/** Problems for every item whose key an earlier item of the list already has. */
export function repeatedKeys(items: readonly { key: string }[], field: string): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.key)) problems.push({ path: [field, i, "key"], message: `key "${item.key}" appears more than once` });
    seen.add(item.key);
  });
  return problems;
}
