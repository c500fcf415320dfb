/**
 * The demo program "Social selling": 50 sellers in four teams under one parent team, five lead
 * behaviours, a sales line of three outcomes (meetings, proposals, deals) as a funnel, and twelve
 * weeks of events (social-selling-events.ts) with a realistic shape and findings planted for the
 * manager insights.
 */
import { demoGame, followersMetric } from "./game.ts";
import { seededRandom } from "./random.ts";
import { FIRST_NAMES as FIRST, SURNAMES as LAST } from "./names.ts";
import type { DemoParticipant } from "./types.ts";

export const DEMO_SLUG = "social-selling";
export const DEMO_TIMEZONE = "Europe/London";

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
    { key: "meeting-booked", name: "Meetings booked", indicator: "lag", aggregation: "count", points: 0, dailyCap: null, effectiveFrom },
    { key: "proposal-sent", name: "Proposals sent", indicator: "lag", aggregation: "count", points: 0, dailyCap: null, effectiveFrom },
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
    { key: "sales-meetings", subject: { team: "sales" }, metric: "meeting-booked", period: "month", value: 160 },
  ],
  funnels: [{ key: "social-pipeline", name: "Social pipeline", stages: ["post-engagement", "meeting-booked", "proposal-sent", "deal-won"] }],
  ...demoGame(today),
});

const TEAMS = ["north", "south", "enterprise", "smb"];
const COHORTS: Record<string, string> = { north: "Manchester", south: "London", enterprise: "Enterprise AEs", smb: "SMB reps" };

export type { DemoParticipant };

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
