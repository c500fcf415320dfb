/** Who is calling (auth.ts decides it from the Authorization header; context.ts carries it). */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "operator" }
  | { kind: "admin"; orgId: number /** Set where a manager's console session acts as the admin. */; managerId?: number }
  | { kind: "ingest"; orgId: number; programId: number }
  | { kind: "participant"; orgId: number; programId: number; participantPk: number };
