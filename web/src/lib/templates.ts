/**
 * The metric library: ready-made programs a manager can start from and edit before saving —
 * lead metrics with weights and daily caps, outcomes, a funnel and team targets. Values are
 * starting points drawn from common sales practice, not measurements: the insights pages show
 * which of them pay off once there is history.
 */

export interface TemplateMetric {
  key: string;
  name: string;
  indicator: "lead" | "lag";
  aggregation: "count" | "sum";
  points: number;
  dailyCap: number | null;
}

export interface ProgramTemplate {
  key: string;
  name: string;
  description: string;
  metrics: TemplateMetric[];
  funnels: { key: string; name: string; stages: string[] }[];
  /** Targets of the template's one team (TEAM_KEY); null metric is the lead score. */
  targets: { key: string; metric: string | null; period: "week" | "month" | "quarter"; value: number }[];
}

/** Every template starts with one team, renamed in the form; more are added on the Teams page. */
export const TEAM_KEY = "team";

const lead = (key: string, name: string, points: number, dailyCap: number | null, aggregation: "count" | "sum" = "count"): TemplateMetric => ({
  key,
  name,
  indicator: "lead",
  aggregation,
  points,
  dailyCap,
});
const lag = (key: string, name: string, aggregation: "count" | "sum" = "count"): TemplateMetric => ({
  key,
  name,
  indicator: "lag",
  aggregation,
  points: 0,
  dailyCap: null,
});

type Target = ProgramTemplate["targets"][number];
const target = (key: string, metric: string, period: Target["period"], value: number): Target => ({ key, metric, period, value });
const ADVERB = { week: "weekly", month: "monthly", quarter: "quarterly" } as const;
/** The team's lead-score target, keyed by its period: `team-weekly-score`. */
const scoreTarget = (period: Target["period"], value: number): Target => ({ key: `team-${ADVERB[period]}-score`, metric: null, period, value });

export const TEMPLATES: ProgramTemplate[] = [
  {
    key: "social-selling",
    name: "Social selling",
    description: "Posting, engaging with customers' posts and starting conversations that turn into meetings.",
    metrics: [
      lead("social-post", "Social posts", 2, 5),
      lead("post-engagement", "Replies to customer posts", 1, 10),
      lead("connection-request", "Connection requests to target accounts", 0.5, 20),
      lead("dm-conversation", "Conversations started", 3, 10),
      lag("meeting-booked", "Meetings booked"),
      lag("deal-won", "Deals won"),
    ],
    funnels: [{ key: "social-pipeline", name: "Social pipeline", stages: ["post-engagement", "dm-conversation", "meeting-booked", "deal-won"] }],
    targets: [scoreTarget("week", 60), target("team-monthly-meetings", "meeting-booked", "month", 20)],
  },
  {
    key: "outbound-calling",
    name: "Outbound calling",
    description: "Dials, live conversations and prepared calls that book meetings and open opportunities.",
    metrics: [
      lead("dial", "Dials", 0.2, 100),
      lead("connect", "Live conversations", 1, 30),
      lead("call-prep", "Call preparation (minutes)", 0.5, 60, "sum"),
      lag("meeting-booked", "Meetings booked"),
      lag("opportunity-created", "Opportunities created"),
      lag("deal-won", "Deals won"),
    ],
    funnels: [{ key: "calling-line", name: "Calling line", stages: ["dial", "connect", "meeting-booked", "opportunity-created", "deal-won"] }],
    targets: [scoreTarget("week", 80), target("team-monthly-meetings", "meeting-booked", "month", 25)],
  },
  {
    key: "pipeline-hygiene",
    name: "Pipeline hygiene",
    description: "Keeping every open deal current: next steps, close dates and notes, so forecasts can be trusted.",
    metrics: [
      lead("next-step-set", "Next steps set", 1, 20),
      lead("stale-deal-updated", "Stale deals updated", 2, 10),
      lead("close-date-reviewed", "Close dates reviewed", 1, 15),
      lead("crm-note", "Notes logged after calls", 0.5, 20),
      lag("opportunity-created", "Opportunities created"),
      lag("proposal-sent", "Proposals sent"),
      lag("deal-won", "Deals won"),
    ],
    funnels: [{ key: "opportunity-line", name: "Opportunities to deals", stages: ["opportunity-created", "proposal-sent", "deal-won"] }],
    targets: [scoreTarget("week", 50), target("team-monthly-updates", "stale-deal-updated", "month", 40)],
  },
  {
    key: "customer-success",
    name: "Customer success",
    description: "Health checks, business reviews and adoption work that keep customers and grow them.",
    metrics: [
      lead("health-check", "Account health checks", 2, 8),
      lead("qbr-held", "Business reviews held", 5, 3),
      lead("ticket-follow-up", "Support ticket follow-ups", 1, 15),
      lead("adoption-session", "Adoption sessions", 3, 5),
      lag("expansion-opportunity", "Expansion opportunities"),
      lag("expansion-won", "Expansions won"),
      lag("renewal", "Renewals"),
    ],
    funnels: [{ key: "expansion-line", name: "Expansion", stages: ["adoption-session", "expansion-opportunity", "expansion-won"] }],
    targets: [scoreTarget("week", 40), target("team-quarterly-renewals", "renewal", "quarter", 10)],
  },
  {
    key: "account-management",
    name: "Account management",
    description: "Account plans, stakeholder meetings and introductions that open new business in existing accounts.",
    metrics: [
      lead("account-plan-updated", "Account plans updated", 3, 3),
      lead("stakeholder-meeting", "Stakeholder meetings", 4, 5),
      lead("cross-sell-intro", "Cross-sell introductions", 2, 5),
      lead("exec-sponsor-touch", "Executive sponsor touchpoints", 3, 3),
      lag("opportunity-created", "Opportunities created"),
      lag("deal-won", "Deals won"),
    ],
    funnels: [{ key: "account-line", name: "Account pipeline", stages: ["stakeholder-meeting", "opportunity-created", "deal-won"] }],
    targets: [scoreTarget("month", 150), target("team-quarterly-opportunities", "opportunity-created", "quarter", 15)],
  },
];

export const templateOf = (key: string | null): ProgramTemplate | null => TEMPLATES.find((t) => t.key === key) ?? null;
