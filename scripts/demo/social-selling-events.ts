/**
 * The demo's events: twelve weeks for the opted-in sellers, a few very active and a long tail,
 * busy weekdays and quiet weekends, with findings planted so that the manager insights have
 * something real to show (docs/insights.md lists them):
 *
 * - call preparation pays off: each proposal turns into a deal the next week with a probability
 *   that rises with the seller's minutes of call preparation that week (which vary week to week);
 * - customer birthdays do not: they come at one rate for everyone, unrelated to deals;
 * - the sales line runs replies → meetings (12%) → proposals (60%) → deals;
 * - in the last ended week one seller triples their social posts and the SMB team's replies halve;
 * - social posts go from 2 to 3 points four weeks ago, and sellers post 40% more from then on.
 */
import { seededRandom } from "./random.ts";
import type { DemoEvent, DemoParticipant } from "./types.ts";

export const DEMO_WEEKS = 12;
const DAY_MS = 86_400_000;

export const PLANTED = {
  /** Triples their social posts in the last ended week. */
  jumper: "p-07",
  /** Replies to customer posts halve in the last ended week. */
  slowTeam: "smb",
  /** Social posts re-weighted this many weeks before the current one, to these points. */
  reweight: { metric: "social-post", weeksAgo: 4, points: 3 },
} as const;

export type { DemoEvent };

/** Midnight UTC of the Monday of the week holding `ms` (London is UTC or one hour ahead: events fall between 07:00 and 19:00, on the same day). */
export function mondayOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
}

/** The local date the re-weighted points apply from: a Monday. */
export const reweightDay = (now: number) => new Date(mondayOf(now) - PLANTED.reweight.weeksAgo * 7 * DAY_MS).toISOString().slice(0, 10);

/** Events from DEMO_WEEKS weeks before the current week's Monday until `now`, for the opted-in sellers. */
export function demoEvents(now: number, participants: DemoParticipant[]): DemoEvent[] {
  const random = seededRandom(2026);
  const events: DemoEvent[] = [];
  const thisMonday = mondayOf(now);
  const start = thisMonday - DEMO_WEEKS * 7 * DAY_MS;
  const lastEnded = thisMonday - 7 * DAY_MS;
  const reweighted = Date.parse(`${reweightDay(now)}T00:00:00Z`);
  const binomial = (n: number, p: number) => Array.from({ length: n }).filter(() => random.next() < p).length;
  const add = (p: DemoParticipant, metric: string, day: number, value?: number) => {
    const at = day + random.int(7 * 3600, 19 * 3600) * 1000;
    if (at < now)
      events.push({
        id: `demo-${events.length + 1}`,
        participant: p.id,
        metric,
        occurredAt: new Date(at).toISOString(),
        ...(value === undefined ? {} : { value }),
      });
  };

  for (const p of participants.filter((x) => x.optedIn)) {
    let proposalsLastWeek = 0;
    let prepLastWeek = 0;
    for (let monday = start; monday <= thisMonday; monday += 7 * DAY_MS) {
      // How much this seller prepares their calls varies from week to week: that is what deals follow.
      const focus = 0.3 + 1.4 * random.next();
      const plantedWeek = monday === lastEnded;
      let prep = 0;
      let proposals = 0;
      // Last week's proposals close this week, more often after a week of preparation.
      const winRate = 0.1 + 0.6 * Math.min(1, prepLastWeek / 150);
      for (let k = binomial(proposalsLastWeek, winRate); k > 0; k--) add(p, "deal-won", monday + random.int(0, 4) * DAY_MS);
      for (let d = 0; d < 7; d++) {
        const day = monday + d * DAY_MS;
        const rhythm = d >= 5 ? 0.15 : 1;
        const count = (mean: number) => random.poisson(mean * rhythm);
        for (let k = count(3 * p.activity * focus); k > 0; k--) {
          const minutes = random.int(5, 30);
          prep += minutes;
          add(p, "call-prep", day, minutes);
        }
        const posts = 2.5 * p.activity * (day >= reweighted ? 1.4 : 1) * (plantedWeek && p.id === PLANTED.jumper ? 3 : 1);
        for (let k = count(posts); k > 0; k--) add(p, "social-post", day);
        const replies = count(5 * p.activity * (plantedWeek && p.team === PLANTED.slowTeam ? 0.5 : 1));
        for (let k = replies; k > 0; k--) add(p, "post-engagement", day);
        const meetings = binomial(replies, 0.12);
        for (let k = meetings; k > 0; k--) add(p, "meeting-booked", day);
        const sent = binomial(meetings, 0.6);
        proposals += sent;
        for (let k = sent; k > 0; k--) add(p, "proposal-sent", day);
        for (let k = count(0.3); k > 0; k--) add(p, "customer-birthday", day);
        for (let k = count(4 * p.activity); k > 0; k--) add(p, "crm-note", day);
      }
      proposalsLastWeek = proposals;
      prepLastWeek = prep;
    }
  }
  return events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
}
