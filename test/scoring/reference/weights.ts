/** The tests' reference models beside scoring/weights.ts: production never calls them. */
import { type Weight, cappedUnits } from "../../../scoring/weights";

/** Daily points in ten-thousandths: units capped by the day's cap, times the day's points. */
export function dailyPoints(unitsH: number, weight: Weight): number {
  return cappedUnits(unitsH, weight.dailyCapH) * weight.pointsH;
}
