/**
 * A new program's document from the new-program form: the basics, and where a template was
 * chosen, its metrics, targets and funnels as edited in the form. Rows left unticked are left out,
 * with the funnel stages and targets that named them.
 */
import { TEAM_KEY, type ProgramTemplate } from "$lib/templates";
import { formRows, numberField, rowErrors } from "./console";

export interface NewProgram {
  body: Record<string, unknown>;
  /** Moves the API's field problems (document indexes) to the form's rows. */
  errorsOf: (errors: Record<string, string>) => Record<string, string>;
}

export function newProgramDocument(basics: { name: string; timezone: string }, template: ProgramTemplate | null, form: FormData): NewProgram {
  const body: Record<string, unknown> = { ...basics, visibility: "private", requireOptIn: true };
  if (!template) return { body, errorsOf: (e) => e };

  const included = (row: Record<string, string>) => row.include === "on";
  const metricRows = formRows(form, "metrics");
  const metricOf: number[] = [];
  const metrics = metricRows.flatMap((row, i) => {
    if (!included(row)) return [];
    metricOf.push(i);
    return [
      {
        key: row.key?.trim() ?? "",
        name: row.name ?? "",
        indicator: row.indicator,
        aggregation: row.aggregation,
        points: numberField(row.points),
        dailyCap: numberField(row.dailyCap, true),
      },
    ];
  });
  const keys = new Set(metrics.map((m) => m.key));
  // A key renamed in the form renames the template's stages and targets with it.
  const renamed = new Map(template.metrics.map((m, i) => [m.key, metricRows[i]?.key?.trim() ?? m.key]));
  const keyOf = (k: string) => renamed.get(k) ?? k;

  const targetRows = formRows(form, "targets");
  const targetOf: number[] = [];
  const targets = template.targets.flatMap((t, i) => {
    const row = targetRows[i] ?? {};
    const metric = t.metric === null ? null : keyOf(t.metric);
    if (!included(row) || (metric !== null && !keys.has(metric))) return [];
    targetOf.push(i);
    return [{ key: t.key, subject: { team: TEAM_KEY }, metric, period: t.period, value: numberField(row.value) }];
  });

  const funnelRows = formRows(form, "funnels");
  const funnelOf: number[] = [];
  const funnels = template.funnels.flatMap((f, i) => {
    const row = funnelRows[i] ?? {};
    const stages = (row.stages ?? "")
      .split(/[,>→\s]+/)
      .filter(Boolean)
      .map(keyOf)
      .filter((s) => keys.has(s));
    if (!included(row) || stages.length < 2) return [];
    funnelOf.push(i);
    return [{ key: f.key, name: row.name ?? f.name, stages }];
  });

  const teamName = String(form.get("teamName") ?? "").trim() || "My team";
  Object.assign(body, { metrics, teams: [{ key: TEAM_KEY, name: teamName, parent: null }], targets, funnels });
  return {
    body,
    errorsOf: (errors) => rowErrors(rowErrors(rowErrors(errors, "metrics", metricOf), "targets", targetOf), "funnels", funnelOf),
  };
}
