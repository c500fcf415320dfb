/**
 * A metric's units in a record keyed by metric, 0 where it is left out. Own keys only: `constructor`
 * is a valid metric key, and a plain object would otherwise answer it with a function.
 */
export const unitsOf = (units: Readonly<Record<string, number>>, metric: string): number => (Object.hasOwn(units, metric) ? units[metric] : 0);
