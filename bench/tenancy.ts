/**
 * Tenancy isolation: a second program's board, read by one client while idle, then while the
 * first program does its heaviest work: its document replaced by one with a team tree 1,000 deep
 * and 1,000 team targets, then its dashboard (participation, the team × metric heat map, every
 * target's attainment) read, over and over. Programs have engines of their own, but locally they
 * share one workerd; the figure is the second program's p99 busy ÷ idle.
 */
import { type BenchRun, fmt, log, median } from "./context.ts";
import { eventBatches, historyStart, leafTeams, participantChunks, population, programDocument } from "./generate.ts";
import { PROGRAM_PATH } from "./http-load.ts";
import { api, closedLoop, http, round } from "./load.ts";

const SECOND = "/v1/programs/tenant-b";
const SECOND_PARTICIPANTS = 1_000;
const SECOND_EVENTS = 20_000;
const TEAMS = 1_000;

/** The bench program's document with every team in one chain, 1,000 deep, and a weekly target on each; `flip` changes the targets, so each PUT is a change. */
function heavyDocument(effectiveFrom: string, flip: number) {
  // The teams participants are in stay (a document may not drop them), at the chain's end.
  const inUse = leafTeams();
  const chain = Array.from({ length: TEAMS - inUse.length }, (_, i) => `chain-${i + 1}`);
  const keys = [...chain, ...inUse];
  return {
    ...programDocument(effectiveFrom),
    teams: keys.map((key, i) => ({ key, name: key.toUpperCase(), parent: i === 0 ? null : keys[i - 1] })),
    targets: keys.map((key, i) => ({ key: `heavy-${i + 1}`, subject: { team: key }, metric: null, period: "week", value: 1000 + flip })),
  };
}

export async function measureTenancy(run: BenchRun, base: string, adminKey: string) {
  const { preset, now, boardWeek } = run;
  const effectiveFrom = new Date(historyStart(now, 2)).toISOString().slice(0, 10);
  log(`tenancy: a second program (${fmt(SECOND_PARTICIPANTS)} participants, ${fmt(SECOND_EVENTS)} events)…`);
  await api(base, adminKey, "PUT", SECOND, { ...programDocument(effectiveFrom), name: "Second program" });
  const pop = population(SECOND_PARTICIPANTS, 48);
  for (const chunk of participantChunks(pop, 1000)) await api(base, adminKey, "PUT", `${SECOND}/participants`, { participants: chunk });
  for (const batch of eventBatches(pop, SECOND_EVENTS, now, 2, 1000, 48)) await api(base, adminKey, "POST", `${SECOND}/events`, { events: batch.events });

  const board = `${SECOND}/leaderboard?period=week&at=${boardWeek}&limit=100`;
  const read = async () => {
    const r = await http(base, "GET", board, adminKey);
    if (r.status !== 200) throw new Error(`second program's board: ${r.status} ${r.text.slice(0, 300)}`);
    return r.ms;
  };
  const reads = Math.min(preset.reads, 500);
  for (let i = 0; i < 20; i++) await read();
  const idle = await closedLoop(reads, 1, preset.readSeconds, read);

  // The first program's heavy work, one request after another, for as long as the busy reads last.
  const benchFrom = new Date(historyStart(now, preset.weeks)).toISOString().slice(0, 10); // the bench program's: its metrics unchanged
  const putMs: number[] = [];
  const dashboardMs: number[] = [];
  let busy = true;
  const heavy = (async () => {
    for (let flip = 0; busy; flip = 1 - flip) {
      const put = await http(base, "PUT", PROGRAM_PATH, adminKey, JSON.stringify(heavyDocument(benchFrom, flip)));
      if (put.status !== 200) throw new Error(`heavy document: ${put.status} ${put.text.slice(0, 300)}`);
      putMs.push(put.ms);
      const dashboard = await http(base, "GET", `${PROGRAM_PATH}/dashboard?at=${boardWeek}`, adminKey);
      if (dashboard.status !== 200) throw new Error(`dashboard: ${dashboard.status} ${dashboard.text.slice(0, 300)}`);
      dashboardMs.push(dashboard.ms);
    }
  })();
  // Let the heavy work begin before the busy reads start.
  while (putMs.length === 0) await Promise.race([heavy, new Promise((r) => setTimeout(r, 10))]);
  const loaded = await closedLoop(reads, 1, preset.readSeconds, read).finally(() => (busy = false));
  await heavy;

  const ratio = round(loaded.p99_ms / idle.p99_ms, 2);
  log(
    `tenancy: second program's top-100, one client: idle p50 ${idle.p50_ms} / p99 ${idle.p99_ms} ms; beside the first's heavy work ` +
      `p50 ${loaded.p50_ms} / p99 ${loaded.p99_ms} ms (p99 ${ratio}×); heavy PUT ${median(putMs).toFixed(0)} ms, dashboard ${median(dashboardMs).toFixed(0)} ms (medians of ${dashboardMs.length})`,
  );
  return {
    tenancy_p99_ratio: ratio,
    details: {
      idle,
      busy: loaded,
      heavy_put_ms: round(median(putMs), 1),
      heavy_dashboard_ms: round(median(dashboardMs), 1),
      heavy_rounds: dashboardMs.length,
      teams: TEAMS,
      targets: TEAMS,
    },
  };
}
