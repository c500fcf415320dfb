/** Benchmark scales. `tiny` is a few-second smoke run (for CI); `small` and `large` are the presets. */
export interface Preset {
  name: string;
  participants: number;
  events: number;
  /** How many weeks of history the events span, ending now. */
  weeks: number;
  /** Concurrent posters of 1000-event batches during the load. */
  batchConcurrency: number;
  /** Single-event posts made after the load, and how many clients post them at once. */
  singleEvents: number;
  singleConcurrency: number;
  /** The single-event phase stops early after this many seconds. */
  singleSeconds: number;
  /** Requests per read kind (after a warm-up), and how many clients make them at once. */
  reads: number;
  readConcurrency: number;
  /** A read kind stops early after this many seconds, whatever `reads` says. */
  readSeconds: number;
  /** Power 100 generations timed (the report for the last ended week, regenerated each time). */
  powerRuns: number;
}

export const PRESETS: Record<string, Preset> = {
  tiny: {
    name: "tiny",
    participants: 200,
    events: 5_000,
    weeks: 3,
    batchConcurrency: 2,
    singleEvents: 100,
    singleConcurrency: 32,
    singleSeconds: 10,
    reads: 30,
    readConcurrency: 8,
    readSeconds: 10,
    powerRuns: 1,
  },
  small: {
    name: "small",
    participants: 1_000,
    events: 100_000,
    weeks: 13,
    batchConcurrency: 2,
    singleEvents: 2_000,
    singleConcurrency: 32,
    singleSeconds: 40,
    reads: 500,
    readConcurrency: 8,
    readSeconds: 30,
    powerRuns: 3,
  },
  large: {
    name: "large",
    participants: 100_000,
    events: 10_000_000,
    weeks: 13,
    batchConcurrency: 2,
    singleEvents: 10_000,
    singleConcurrency: 32,
    singleSeconds: 120,
    reads: 1_000,
    readConcurrency: 8,
    readSeconds: 120,
    powerRuns: 3,
  },
};
