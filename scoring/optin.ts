/**
 * Opt-in history (SPEC §1, §2.8). A participant is opted in from an opt-in instant until the next
 * opt-out instant. Toggles come in history order: by instant, and at one instant in the order they
 * were made, so the last of them wins.
 */

export interface Toggle {
  at: number;
  optedIn: boolean;
}

/**
 * Whether the participant was opted in at `at` (epoch ms): the state set by the last toggle at or
 * before it; nobody is opted in before their first toggle. Toggles must be in history order.
 */
export function optedInAt(toggles: readonly Toggle[], at: number): boolean {
  let optedIn = false;
  for (const t of toggles) {
    if (t.at > at) break;
    optedIn = t.optedIn;
  }
  return optedIn;
}

/** Whether a toggle at `at` may be added: not earlier than the latest toggle (else 409). */
export function canToggle(toggles: readonly Toggle[], at: number): boolean {
  return toggles.every((t) => t.at <= at);
}

/** Whether boards rank the participant now (SPEC §2.8): always where opt-in is not required. */
export function isRanked(requireOptIn: boolean, toggles: readonly Toggle[], now: number): boolean {
  return !requireOptIn || optedInAt(toggles, now);
}
