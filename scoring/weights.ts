import { FIRST_DAY } from "./periods";

/**
 * Weight versions of a metric (SPEC §2.4): each version, dated by a local day, sets `points` and
 * `dailyCap`; a day is scored by the latest version dated on or before it, and days before the
 * first version by the first version.
 */

/** Points and cap in hundredths; a null cap means no cap. */
export interface Weight {
  pointsH: number;
  dailyCapH: number | null;
}

export interface WeightVersion extends Weight {
  effectiveFrom: string;
}

/** Before every local date: the first version also scores the days before it. */
export { FIRST_DAY };

/** Versions after a change, and the first local day whose scoring changed (null: none did). */
export interface WeightChange {
  versions: WeightVersion[];
  rescoreFrom: string | null;
}

/**
 * The versions after a program document sets `weight` for the metric. A metric with no versions
 * gets its first, dated `effectiveFrom` or `today`. Otherwise a weight equal to the latest
 * version's changes nothing; a different one is dated `effectiveFrom` or `today` and replaces every
 * version dated on or after that date. Days before that date keep their versions; where the new
 * version becomes the first, it scores every earlier day too.
 */
export function applyWeight(versions: readonly WeightVersion[], weight: Weight, effectiveFrom: string | null, today: string): WeightChange {
  const sorted = sortVersions(versions);
  const latest = sorted.at(-1);
  if (latest && latest.pointsH === weight.pointsH && latest.dailyCapH === weight.dailyCapH) {
    return { versions: sorted, rescoreFrom: null };
  }
  const date = effectiveFrom ?? today;
  const kept = sorted.filter((v) => v.effectiveFrom < date);
  return {
    versions: [...kept, { effectiveFrom: date, ...weight }],
    rescoreFrom: kept.length === 0 ? FIRST_DAY : date,
  };
}

/** The version that scores `day`. */
export function versionOn<V extends WeightVersion>(versions: readonly V[], day: string): V {
  const sorted = sortVersions(versions);
  let chosen = sorted[0];
  for (const v of sorted) if (v.effectiveFrom <= day) chosen = v;
  return chosen;
}

export function cappedUnits(unitsH: number, dailyCapH: number | null): number {
  return dailyCapH === null ? unitsH : Math.min(unitsH, dailyCapH);
}

const sortVersions = <V extends WeightVersion>(versions: readonly V[]): V[] =>
  [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
