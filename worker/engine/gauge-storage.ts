/** Gauge readings in the engine's SQLite: each participant's last reading of a gauge per day. */
import type { GaugeEvent } from "../../scoring/gauges";
import type { SqlRun } from "./sql-run";

export class GaugeStorage {
  constructor(private readonly run: SqlRun) {}

  /** One participant's day readings of a gauge, as the events they are. */
  readingsOf(participantPk: number, metricId: number): GaugeEvent[] {
    return this.run<GaugeEvent & Record<string, SqlStorageValue>>(
      `SELECT event_id AS id, occurred_at AS occurredAt, day, value_h AS valueH FROM gauge_readings
       WHERE participant_pk = ? AND metric_id = ? ORDER BY day`,
      participantPk,
      metricId,
    );
  }

  writeReadings(participantPk: number, metricId: number, readings: GaugeEvent[]): void {
    this.run(
      `INSERT OR REPLACE INTO gauge_readings (participant_pk, metric_id, day, occurred_at, event_id, value_h)
       SELECT ?, ?, value->>0, value->>1, value->>2, value->>3 FROM json_each(?)`,
      participantPk,
      metricId,
      JSON.stringify(readings.map((r) => [r.day, r.occurredAt, r.id, r.valueH])),
    );
  }

  /** Every participant's day readings of a gauge up to `asOf`, by participant. */
  readingsUntil(metricId: number, asOf: string): Map<number, GaugeEvent[]> {
    const rows = this.run<{ pk: number; id: string; occurredAt: number; day: string; valueH: number }>(
      `SELECT participant_pk AS pk, event_id AS id, occurred_at AS occurredAt, day, value_h AS valueH FROM gauge_readings
       WHERE metric_id = ? AND day <= ? ORDER BY participant_pk, day`,
      metricId,
      asOf,
    );
    const byParticipant = new Map<number, GaugeEvent[]>();
    for (const { pk, ...reading } of rows) {
      const list = byParticipant.get(pk);
      if (list) list.push(reading);
      else byParticipant.set(pk, [reading]);
    }
    return byParticipant;
  }
}
