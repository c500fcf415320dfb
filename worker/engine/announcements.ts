/**
 * The hourly job's game announcements in each engine: contests that ended (their winners, once per
 * contest) and badges newly earned (once per participant and badge). Each call records what it
 * answers before answering, and the engine runs one call at a time, so two runs of the job never
 * announce the same thing twice (at most once: a run that fails after this call loses its news).
 */
import { badgeHistory, badgesEarned } from "../../scoring/badges";
import { type ContestView, contestInstants, describeContests } from "../../scoring/contests";
import { localDateOf, parseLocalDate } from "../../scoring/periods";
import { AnnouncementStorage } from "./announcement-storage";
import { leaderboard } from "./leaderboard";
import type { WeeklyReport } from "./reports";
import type { EngineState } from "./state";

/** How far back a contest's end may lie and still be announced (as reports catch up four weeks). */
export const CONTEST_CATCH_UP_MS = 28 * 86_400_000;
/** A badge found earned longer ago than this is recorded without an announcement: old news, not an achievement. */
export const BADGE_NEWS_DAYS = 7;
/** Participants checked a call; the rest wait for the next run. */
export const BADGE_CHECKS_PER_RUN = 5000;
/** Contest places announced: ties at third place are all winners. */
const WINNING_RANKS = 3;

export interface ContestEnded {
  contest: ContestView;
  /** Ranked participants on the contest's board. */
  total: number;
  /** Entries ranked 1–3 with a score above 0. */
  winners: { rank: number; id: string; displayName: string; team: string | null; score: number }[];
}

/** Contests that ended (within the catch-up window, after the program was made) and were not announced yet. */
export function endedContests(state: EngineState, now: number, createdAt: number): ContestEnded[] {
  const { timezone, contests = [] } = state.program;
  const store = new AnnouncementStorage(state.storage);
  const announced = store.announcedContests();
  const due = contests.filter((c) => {
    const { end } = contestInstants(c, timezone);
    return end <= now && end > now - CONTEST_CATCH_UP_MS && end > createdAt && !announced.has(c.key);
  });
  if (due.length === 0) return [];
  const views = new Map(describeContests(due, timezone, now).map((v) => [v.key, v]));
  const news = [...views.values()].map((contest) => {
    const board = leaderboard(state, { scope: "individual", period: "contest", at: contest.key, limit: 10 }, now);
    const winners = board.entries
      .filter((e) => e.rank <= WINNING_RANKS && e.score > 0)
      .map((e) => ({ rank: e.rank, id: e.id, displayName: e.displayName, team: "team" in e ? e.team : null, score: e.score }));
    return { contest, total: board.total, winners };
  });
  state.storage.transaction(() =>
    store.markContestsAnnounced(
      due.map((c) => c.key),
      now,
    ),
  );
  return news;
}

export interface BadgeEarned {
  participant: { id: string; displayName: string; team: string | null };
  badge: { key: string; name: string; description: string };
  earnedOn: string;
}

/**
 * Badges newly earned by the participants marked for a check since the last run (their rollups
 * changed, the badges changed, or a report listed them). Only participants ranked now are
 * announced (SPEC §4, who is published); the others' checks are dropped, and their badges are
 * found when their data next changes. A pair the data no longer earns (after a re-weight, say)
 * is forgotten, so earning it again is announced again.
 */
export function newlyEarnedBadges(state: EngineState, now: number): BadgeEarned[] {
  const program = state.program;
  const store = new AnnouncementStorage(state.storage);
  const due = store.badgeChecksDue(BADGE_CHECKS_PER_RUN);
  if (due.length === 0) return [];
  const badges = program.badges ?? [];
  const today = localDateOf(now, program.timezone);
  const newsSince = parseLocalDate(today)!.subtract({ days: BADGE_NEWS_DAYS }).toString();
  const held = store.awardsOf(due);
  const ranks = badges.some((b) => b.rule.kind === "top") ? reportRanks(state) : new Map<string, { week: string; rank: number }[]>();
  const news: BadgeEarned[] = [];
  const added: { participantPk: number; badgeKey: string; earnedOn: string; announcedAt: number | null }[] = [];
  const moved: { participantPk: number; badgeKey: string; earnedOn: string }[] = [];
  const lost: { participantPk: number; badgeKey: string }[] = [];
  for (const pk of due) {
    const p = state.roster.get(pk);
    if (!p?.ranked) continue;
    const rollups = state.rollupsOf(pk, null).map((r) => ({ metric: state.metric(r.metricId)?.key ?? "", day: r.day, cappedH: r.cappedH, points: r.points }));
    const earned = badgesEarned(badges, badgeHistory(rollups, ranks.get(p.id) ?? []), today);
    const before = held.get(pk) ?? new Map<string, string>();
    for (const e of earned) {
      const was = before.get(e.key);
      if (was === e.earnedOn) continue;
      if (was !== undefined) {
        moved.push({ participantPk: pk, badgeKey: e.key, earnedOn: e.earnedOn });
        continue;
      }
      const fresh = e.earnedOn >= newsSince;
      added.push({ participantPk: pk, badgeKey: e.key, earnedOn: e.earnedOn, announcedAt: fresh ? now : null });
      if (!fresh) continue;
      const badge = badges.find((b) => b.key === e.key)!;
      news.push({
        participant: { id: p.id, displayName: p.displayName, team: p.team },
        badge: { key: badge.key, name: badge.name, description: badge.description },
        earnedOn: e.earnedOn,
      });
    }
    const still = new Set(earned.map((e) => e.key));
    for (const key of before.keys()) if (!still.has(key)) lost.push({ participantPk: pk, badgeKey: key });
  }
  state.storage.transaction(() => {
    store.writeAwards(added, moved, lost);
    store.badgeChecksDone(due);
  });
  const order = (n: BadgeEarned) => [n.earnedOn, n.participant.id, n.badge.key];
  return news.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    const i = x.findIndex((v, k) => v !== y[k]);
    return i < 0 ? 0 : x[i] < y[i] ? -1 : 1;
  });
}

/** Every participant's ranks in the stored reports, read once for a whole check (badges of the `top` kind). */
function reportRanks(state: EngineState): Map<string, { week: string; rank: number }[]> {
  const out = new Map<string, { week: string; rank: number }[]>();
  for (const { week, body } of state.storage.reports.all()) {
    for (const e of (JSON.parse(body) as WeeklyReport).entries) out.set(e.id, [...(out.get(e.id) ?? []), { week, rank: e.rank }]);
  }
  return out;
}
