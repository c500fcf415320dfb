/** The demo's sellers and events, as its modules pass them to each other. */

export interface DemoParticipant {
  id: string;
  displayName: string;
  team: string;
  cohort: string;
  /** How active the seller is: a few near 1, most far lower. */
  activity: number;
  optedIn: boolean;
}

/** An event as the demo posts it. */
export interface DemoEvent {
  id: string;
  participant: string;
  metric: string;
  occurredAt: string;
  value?: number;
}
