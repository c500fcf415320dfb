/**
 * Levels (SPEC §5.5): named thresholds of the all-time lead score. A participant is at the level
 * with the greatest threshold at or below their score, and sees the next one to reach.
 */
import { fromHundredths } from "./decimal";
import type { Problem } from "./problems";

/** A level: its name and threshold in hundredths of a point (the document's `points`). */
export interface Level {
  name: string;
  pointsH: number;
}

/** The score card's `level`, as exact JSON numbers. */
export interface LevelView {
  name: string;
  points: number;
  next: { name: string; points: number } | null;
}

/**
 * The level of an all-time lead score in ten-thousandths (as of the queried period's last day, or
 * today: periods.ts asOfDay), from levels in ascending order as levelProblems accepts them. Null
 * below the first level and where there are none.
 */
export function levelOf(levels: readonly Level[], scoreT: number): LevelView | null {
  // Thresholds ascend, so the reached levels are a prefix: the last of it is the level.
  let reached = -1;
  while (reached + 1 < levels.length && levels[reached + 1].pointsH * 100 <= scoreT) reached++;
  if (reached < 0) return null;
  const level = levels[reached];
  const next = levels[reached + 1];
  return {
    name: level.name,
    points: fromHundredths(level.pointsH),
    next: next ? { name: next.name, points: fromHundredths(next.pointsH) } : null,
  };
}

/** §5.5's rules beyond each field's form: points ≥ 0 and strictly increasing down the list. */
export function levelProblems(levels: readonly Level[]): Problem[] {
  const problems: Problem[] = [];
  levels.forEach((level, i) => {
    const at = ["levels", i, "points"];
    if (level.pointsH < 0) problems.push({ path: at, message: "must be at least 0" });
    else if (i > 0 && level.pointsH <= levels[i - 1].pointsH) {
      problems.push({ path: at, message: `must be greater than the points of the level before (${fromHundredths(levels[i - 1].pointsH)})` });
    }
  });
  return problems;
}
