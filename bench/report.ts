/** The printed table of a run: each figure beside both baselines' with their ratios, and the large preset's targets. */
import { type BenchRun, fmt } from "./context.ts";
import { type buildResult, FIGURES, type Figures, meets, NO_EQUIVALENT } from "./figures.ts";

type Result = ReturnType<typeof buildResult>;

export function printTable(run: BenchRun, result: Result) {
  const { preset, eventsLoaded } = run;
  const raw = result.baseline as Partial<Figures> | null;
  const served = result.baseline_http as Partial<Figures> | null;
  const cell = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? "—" : `${v >= 100 ? fmt(v) : v} ${unit}`);
  const ratio = (r: Record<string, number | null> | null, key: string) => (r?.[key] === null || r?.[key] === undefined ? "—" : String(r[key]));
  console.log(
    `\nLeadboard beside Redis sorted sets, raw and behind HTTP — preset ${preset.name}: ${fmt(preset.participants)} participants, ${fmt(eventsLoaded)} events` +
      `${eventsLoaded < preset.events ? ` (load stopped early; ${fmt(preset.events)} planned)` : ""}`,
  );
  console.log(
    `machine: ${result.machine.cpu} × ${result.machine.cores}, ${result.machine.memory_gb} GB, load average before ${result.machine.load_before.join(" ")}, after ${result.machine.load_after.join(" ")}\n`,
  );
  const rows = [["figure", "Leadboard", "Redis", "Redis+HTTP", "L÷Redis", "L÷(Redis+HTTP)", "target (large)"]];
  for (const f of FIGURES) {
    const value = (result as unknown as Figures)[f.key];
    let target = "";
    if (f.target) {
      const met = meets(f.key, value, served);
      const relative = f.target.timesHttpBaseline ? ` and ≤ ${f.target.timesHttpBaseline}× Redis+HTTP` : "";
      target = `${f.target.cmp} ${fmt(f.target.value)} ${f.unit}${relative}: ${met === null ? "not measured" : met ? "met" : "MISSED"}`;
    }
    rows.push([
      f.label,
      cell(value, f.unit),
      raw ? cell(raw[f.key], f.unit) : "(none)",
      served ? cell(served[f.key], f.unit) : "(none)",
      ratio(result.ratio_to_baseline, f.key),
      ratio(result.ratio_to_baseline_http, f.key),
      target,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows)
    console.log(
      row
        .map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join("  ")
        .trimEnd(),
    );
  console.log("");
  for (const [kind, side] of [
    ["raw", raw],
    ["http", served],
  ] as const) {
    if (!side) continue;
    for (const [k, why] of Object.entries(NO_EQUIVALENT[kind]))
      if (side[k as keyof Figures] === null) console.log(`${kind === "raw" ? "Redis" : "Redis+HTTP"} ${k} is null: ${why}.`);
  }
  console.log(
    [
      "",
      `Notes: latencies are measured by the client over loopback (closed loop, ${preset.readConcurrency} concurrent readers, ${preset.reads} requests a kind, after a warm-up), for the last ended week's boards.`,
      'A closed loop keeps the server saturated. "At half load" is an open loop: requests arrive on a schedule at half the rate',
      "Leadboard answered saturated (the same rate for the baselines), and each latency counts from when its request was due.",
      "Leadboard is served by one workerd (scripts/leadboard.ts): its peak memory is that whole process (isolate, local D1, the",
      "engines' SQLite and caches). The isolate figure is the worker's own V8 heap (the engines run in it too), read through the",
      `inspector every 250 ms; peaks between samples can be missed. ${run.heapLimitMb > 0 ? `The runtime's isolates ran under a V8 heap limit of ${run.heapLimitMb} MB, as a deployed isolate does, and none ran out of it.` : "The isolates ran with no heap limit, so the figure counts garbage V8 had not collected yet."}`,
      "Redis+HTTP is what a team would otherwise build: node:http and ioredis in front of the same redis-server, loaded by the",
      "same client code. Redis keeps no daily caps, no idempotency ids, no per-day/month/quarter scores and nothing durable:",
      "it is the speed of the bare data structure, not an equivalent product.",
      "The load generator runs on the same machine and competes for its cores with the servers.",
    ].join("\n"),
  );
}
