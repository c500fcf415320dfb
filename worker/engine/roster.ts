/**
 * The program's participants in memory, by row number (`pk`): who they are, their opt-in history
 * and whether boards rank them now (SPEC §2.8). Loaded on start from the engine's storage and kept
 * in step by every write that changes them.
 */
import type { Toggle } from "../../scoring/optin";
import { compareCodePoints } from "../../scoring/ranking";

export interface Participant {
  pk: number;
  id: string;
  displayName: string;
  team: string | null;
  cohort: string | null;
  toggles: Toggle[];
  ranked: boolean;
}

/** Participants in id order: ascending code points, as D1's BINARY order listed them (SPEC §2.9's order of ids). */
export const inIdOrder = (a: Participant, b: Participant): number => compareCodePoints(a.id, b.id);

export class Roster {
  private readonly byPk: (Participant | undefined)[] = [];
  private readonly byId = new Map<string, Participant>();

  /** Board order among equal scores: ids in ascending code-point order (SPEC §2.9). */
  readonly tieOrder = (a: number, b: number): number => compareCodePoints(this.byPk[a]!.id, this.byPk[b]!.id);

  get size(): number {
    return this.byId.size;
  }

  get(pk: number): Participant | undefined {
    return this.byPk[pk];
  }

  find(id: string): Participant | undefined {
    return this.byId.get(id);
  }

  put(p: Participant): void {
    this.byPk[p.pk] = p;
    this.byId.set(p.id, p);
  }

  remove(pk: number): void {
    const p = this.byPk[pk];
    if (!p) return;
    this.byPk[pk] = undefined;
    this.byId.delete(p.id);
  }

  all(): IterableIterator<Participant> {
    return this.byId.values();
  }

  ranked(): Participant[] {
    return [...this.byId.values()].filter((p) => p.ranked);
  }
}
