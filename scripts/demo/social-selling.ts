/**
 * The demo program "Social selling": 50 sellers in four teams under one parent team, five lead
 * behaviours and one outcome, and about eight weeks of events with a realistic shape: a few very
 * active sellers and a long tail, busy weekdays and quiet weekends.
 */
import { demoGame, followersMetric } from "./game.ts";
import { seededRandom } from "./random.ts";

export const DEMO_SLUG = "social-selling";
export const DEMO_TIMEZONE = "Europe/London";
const WEEKS = 8;
const DAY_MS = 86_400_000;

/** `today`, a local date, places the demo's contests (game.ts). */
export const demoDocument = (effectiveFrom: string, today = effectiveFrom) => ({
  name: "Social selling",
  timezone: DEMO_TIMEZONE,
  requireOptIn: true,
  visibility: "public",
  teamAggregation: "mean",
  metrics: [
    { key: "call-prep", name: "Call preparation (minutes)", indicator: "lead", aggregation: "sum", points: 0.5, dailyCap: 60, effectiveFrom },
    { key: "social-post", name: "Social posts", indicator: "lead", aggregation: "count", points: 2, dailyCap: 5, effectiveFrom },
    { key: "post-engagement", name: "Replies to customer posts", indicator: "lead", aggregation: "count", points: 1, dailyCap: 10, effectiveFrom },
    { key: "customer-birthday", name: "Customer birthdays noted", indicator: "lead", aggregation: "count", points: 3, dailyCap: null, effectiveFrom },
    { key: "crm-note", name: "CRM notes after calls", indicator: "lead", aggregation: "count", points: 1.5, dailyCap: 8, effectiveFrom },
    { key: "deal-won", name: "Deals won", indicator: "lag", aggregation: "count", points: 0, dailyCap: null, effectiveFrom },
    followersMetric(effectiveFrom),
  ],
  teams: [
    { key: "sales", name: "Sales", parent: null },
    { key: "north", name: "North", parent: "sales" },
    { key: "south", name: "South", parent: "sales" },
    { key: "enterprise", name: "Enterprise", parent: "sales" },
    { key: "smb", name: "SMB", parent: "sales" },
  ],
  targets: [
    { key: "north-weekly", subject: { team: "north" }, metric: null, period: "week", value: 60 },
    { key: "south-weekly", subject: { team: "south" }, metric: null, period: "week", value: 60 },
    { key: "enterprise-weekly", subject: { team: "enterprise" }, metric: null, period: "week", value: 60 },
    { key: "smb-weekly", subject: { team: "smb" }, metric: null, period: "week", value: 60 },
    { key: "p-01-weekly", subject: { participant: "p-01" }, metric: null, period: "week", value: 150 },
    { key: "p-01-posts", subject: { participant: "p-01" }, metric: "social-post", period: "month", value: 60 },
  ],
  ...demoGame(today),
});

const FIRST = ["Ana", "Ben", "Chloe", "Dev", "Ella", "Farid", "Grace", "Hugo", "Isla", "Jonah", "Kemi", "Liam", "Maya", "Nico", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Xavi", "Yara"];
const LAST = ["Ruiz", "Okafor", "Smith", "Patel", "Novak", "Kowalski", "Brown", "Haddad", "Chen", "Murphy", "Silva", "Jones", "Ali", "Dubois", "Evans", "Khan", "Rossi", "Walsh", "Berg", "Ito"];
const TEAMS = ["north", "south", "enterprise", "smb"];
const COHORTS: Record<string, string> = { north: "Manchester", south: "London", enterprise: "Enterprise AEs", smb: "SMB reps" };

export interface DemoParticipant {
  id: string;
  displayName: string;
  team: string;
  cohort: string;
  /** How active the seller is: a few near 1, most far lower. */
  activity: number;
  optedIn: boolean;
}

export function demoParticipants(): DemoParticipant[] {
  const random = seededRandom(47);
  return Array.from({ length: 50 }, (_, i) => {
    const team = TEAMS[i % TEAMS.length];
    return {
      id: `p-${String(i + 1).padStart(2, "0")}`,
      displayName: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
      team,
      cohort: COHORTS[team],
      activity: Math.min(1, 0.08 + random.next() ** 2.5),
      // Opting in is the seller's choice: a few have not.
      optedIn: i % 12 !== 11,
    };
  });
}

export interface DemoEvent {
  id: string;
  participant: string;
  metric: string;
  occurredAt: string;
  value?: number;
  attributes?: Record<string, string>;
}

/** Events from `WEEKS` weeks before `now` until `now`, for the opted-in sellers. */
export function demoEvents(now: number, participants: DemoParticipant[]): DemoEvent[] {
  const random = seededRandom(2026);
  const events: DemoEvent[] = [];
  const start = now - WEEKS * 7 * DAY_MS;
  for (const p of participants.filter((x) => x.optedIn)) {
    for (let day = start; day < now; day += DAY_MS) {
      const weekday = new Date(day).getUTCDay();
      const rhythm = weekday === 0 || weekday === 6 ? 0.15 : 1;
      const add = (metric: string, mean: number, value?: () => number) => {
        for (let k = random.poisson(mean * p.activity * rhythm); k > 0; k--) {
          const at = day + random.int(7 * 3600, 19 * 3600) * 1000;
          if (at >= now) continue;
          events.push({
            id: `demo-${events.length + 1}`,
            participant: p.id,
            metric,
            occurredAt: new Date(at).toISOString(),
            ...(value ? { value: value() } : {}),
          });
        }
      };
      add("call-prep", 3, () => random.int(5, 30));
      add("social-post", 2.5);
      add("post-engagement", 5);
      add("customer-birthday", 0.4);
      add("crm-note", 4);
      add("deal-won", 0.15);
    }
  }
  return events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
}
