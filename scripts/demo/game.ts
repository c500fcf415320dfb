/**
 * The demo's game (SPEC §5): a gauge metric (LinkedIn followers, read each morning), contests
 * around today (one ended, one running, one to come), badges and levels, so `npm start` shows them.
 */
import { parseLocalDate } from "../../scoring/periods.ts";
import type { DemoEvent, DemoParticipant } from "./types.ts";
import { seededRandom } from "./random.ts";

const DAY_MS = 86_400_000;

/** 100 new followers earn a point; growth counts up to 200 followers a day. */
export const followersMetric = (effectiveFrom: string) => ({
  key: "linkedin-followers",
  name: "LinkedIn followers",
  indicator: "lead",
  aggregation: "gauge",
  points: 0.01,
  dailyCap: 200,
  effectiveFrom,
});

/** Contests, badges and levels, with the contests' days placed around `today` (a local date). */
export function demoGame(today: string) {
  const day = (offset: number) => parseLocalDate(today)!.add({ days: offset }).toString();
  return {
    contests: [
      { key: "birthday-blitz", name: "Birthday blitz", start: day(-20), end: day(-14), metrics: ["customer-birthday", "crm-note"], cohort: null },
      { key: "social-sprint", name: "Social sprint", start: day(-3), end: day(4), metrics: ["social-post", "post-engagement"], cohort: null },
      { key: "london-call-cup", name: "London call-prep cup", start: day(10), end: day(16), metrics: ["call-prep"], cohort: "London" },
    ],
    badges: [
      { key: "on-a-roll", name: "On a roll", description: "Points five days running", rule: { kind: "streak", days: 5 } },
      { key: "big-day", name: "Big day", description: "25 points in one day", rule: { kind: "day", points: 25 } },
      { key: "hundred-week", name: "Hundred club", description: "100 points in one week", rule: { kind: "week", points: 100 } },
      { key: "fifty-posts", name: "Fifty posts", description: "50 social posts counted", rule: { kind: "total", metric: "social-post", value: 50 } },
      { key: "power-10", name: "Power 10", description: "A top-10 place in a weekly Power 100", rule: { kind: "top", rank: 10 } },
    ],
    levels: [
      { name: "Rookie", points: 0 },
      { name: "Connector", points: 150 },
      { name: "Influencer", points: 400 },
      { name: "Trailblazer", points: 800 },
      { name: "Legend", points: 1500 },
    ],
  };
}

/** A follower count read each morning for each opted-in seller, from `start` until `now`: mostly growth, now and then a dip. */
export function demoReadings(start: number, now: number, participants: DemoParticipant[]): DemoEvent[] {
  const random = seededRandom(1066);
  const events: DemoEvent[] = [];
  for (const p of participants.filter((x) => x.optedIn)) {
    let followers = random.int(300, 3000);
    for (let day = start; day < now; day += DAY_MS) {
      const at = day + random.int(7 * 3600, 9 * 3600) * 1000;
      if (at >= now) continue;
      followers = Math.max(0, followers + random.poisson(40 * p.activity) - (random.next() < 0.1 ? random.int(1, 15) : 0));
      events.push({
        id: `demo-followers-${p.id}-${events.length + 1}`,
        participant: p.id,
        metric: "linkedin-followers",
        occurredAt: new Date(at).toISOString(),
        value: followers,
      });
    }
  }
  return events;
}
