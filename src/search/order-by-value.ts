/**
 * Indices of `values` from the highest value to the lowest; equal values keep their
 * order, so a seeded search breaks ties the same way every time.
 */
export function orderByValue(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
}
