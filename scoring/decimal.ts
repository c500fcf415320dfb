/**
 * Exact decimal arithmetic. Values, points and caps carry at most 2 decimal places, so they are held
 * as integer hundredths; points earned (units × points) are integer ten-thousandths. Every sum of
 * these stays an exact integer, and a JSON number is made only at the edge.
 */

/** Largest value, in units, accepted for an event value, a point weight, a cap or a target. */
export const MAX_DECIMAL = 1_000_000_000;

/**
 * The exact number of hundredths in `n`, or null when `n` is not finite, has more than two decimal
 * places, or exceeds MAX_DECIMAL in magnitude. Reads the shortest decimal form of the number, so
 * 0.29 is 29 hundredths (not 28.999… as 0.29 × 100 would give).
 */
export function toHundredths(n: number): number | null {
  if (!Number.isFinite(n) || Math.abs(n) > MAX_DECIMAL) return null;
  if (Number.isInteger(n)) return n * 100 + 0; // + 0 turns -0 into 0
  const text = String(Math.abs(n));
  if (text.includes("e")) return null; // a non-integer this small has more than 2 places
  const [whole, fraction] = text.split(".");
  if (fraction.length > 2) return null;
  const scaled = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return n < 0 ? -scaled : scaled;
}

/** A JSON number from integer hundredths. */
export const fromHundredths = (h: number): number => h / 100;

/** A JSON number from integer ten-thousandths. */
export const fromTenThousandths = (t: number): number => t / 10_000;

/**
 * numerator / denominator rounded half away from zero to an integer. Uses BigInt so that products
 * of large scaled integers stay exact.
 */
export function divRound(numerator: bigint | number, denominator: bigint | number): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) throw new RangeError("division by zero");
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const q = (2n * absN + absD) / (2n * absD);
  return Number(negative ? -q : q);
}
