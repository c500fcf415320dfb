/** The tests' reference model moved out of scoring/weights.ts: only tests call it. */
import { type Weight, cappedUnits } from "../../../scoring/weights";

/** Daily points in ten-thousandths: units capped by the day's cap, times the day's points. */
export function dailyPoints(unitsH: number, weight: Weight): number {
  return cappedUnits(unitsH, weight.dailyCapH) * weight.pointsH;
}
