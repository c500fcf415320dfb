/**
 * The engine's record of what its webhooks were told (schema.ts: announced_contests, badge_awards)
 * and of whose badges to check next (badge_checks). Beside storage.ts, on the same SQLite.
 */
import type { Storage } from "./storage";

export interface BadgeAward {
  participantPk: number;
  badgeKey: string;
  earnedOn: string;
}

export class AnnouncementStorage {
  constructor(private readonly storage: Storage) {}

  private run<T extends Record<string, SqlStorageValue>>(query: string, ...params: SqlStorageValue[]): T[] {
    return this.storage.durable.sql.exec<T>(query, ...params).toArray();
  }

  // Contests

  announcedContests(): Set<string> {
    return new Set(this.run<{ key: string }>("SELECT key FROM announced_contests").map((r) => r.key));
  }

  markContestsAnnounced(keys: string[], at: number): void {
    this.run("INSERT OR IGNORE INTO announced_contests (key, announced_at) SELECT value, ? FROM json_each(?)", at, JSON.stringify(keys));
  }

  // Badges

  /** Marks participants for the next badge check (their rollups changed, or the badges did). */
  markForBadgeCheck(pks: Iterable<number>): void {
    const list = [...new Set(pks)];
    if (list.length === 0) return;
    this.run("INSERT OR IGNORE INTO badge_checks (participant_pk) SELECT value FROM json_each(?)", JSON.stringify(list));
  }

  /** Marks everyone who has a row in the program (a re-weight or new badge rules may change anyone's badges). */
  markEveryoneForBadgeCheck(): void {
    this.run("INSERT OR IGNORE INTO badge_checks (participant_pk) SELECT pk FROM participants");
  }

  /** Up to `limit` participants waiting for a badge check, in pk order. */
  badgeChecksDue(limit: number): number[] {
    return this.run<{ pk: number }>("SELECT participant_pk AS pk FROM badge_checks ORDER BY participant_pk LIMIT ?", limit).map((r) => r.pk);
  }

  badgeChecksDone(pks: number[]): void {
    this.run("DELETE FROM badge_checks WHERE participant_pk IN (SELECT value FROM json_each(?))", JSON.stringify(pks));
  }

  /** The badges recorded for the participants, by participant. */
  awardsOf(pks: number[]): Map<number, Map<string, string>> {
    const rows = this.run<{ pk: number; badgeKey: string; earnedOn: string }>(
      "SELECT participant_pk AS pk, badge_key AS badgeKey, earned_on AS earnedOn FROM badge_awards WHERE participant_pk IN (SELECT value FROM json_each(?))",
      JSON.stringify(pks),
    );
    const out = new Map<number, Map<string, string>>();
    for (const r of rows) {
      const held = out.get(r.pk) ?? new Map<string, string>();
      held.set(r.badgeKey, r.earnedOn);
      out.set(r.pk, held);
    }
    return out;
  }

  /**
   * Records new awards (`announcedAt` null: recorded without an announcement), moves the day of
   * awards a re-weight or a late event moved, and forgets lost ones.
   */
  writeAwards(added: (BadgeAward & { announcedAt: number | null })[], moved: BadgeAward[], lost: { participantPk: number; badgeKey: string }[]): void {
    if (added.length) {
      this.run(
        `INSERT OR REPLACE INTO badge_awards (participant_pk, badge_key, earned_on, announced_at)
         SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)`,
        JSON.stringify(added.map((a) => [a.participantPk, a.badgeKey, a.earnedOn, a.announcedAt])),
      );
    }
    if (moved.length) {
      this.run(
        `UPDATE badge_awards SET earned_on = m.value->>2 FROM json_each(?) m
         WHERE participant_pk = m.value->>0 AND badge_key = m.value->>1`,
        JSON.stringify(moved.map((a) => [a.participantPk, a.badgeKey, a.earnedOn])),
      );
    }
    if (lost.length) {
      this.run(
        "DELETE FROM badge_awards WHERE (participant_pk, badge_key) IN (SELECT value->>0, value->>1 FROM json_each(?))",
        JSON.stringify(lost.map((l) => [l.participantPk, l.badgeKey])),
      );
    }
  }

  /** Forgets an erased participant's awards and pending check. */
  forget(pk: number): void {
    this.run("DELETE FROM badge_awards WHERE participant_pk = ?", pk);
    this.run("DELETE FROM badge_checks WHERE participant_pk = ?", pk);
  }
}
