import type { Random } from '../core/random.js';

export interface MeanWithCi {
  mean: number;
  /** Percentile bootstrap interval [lo, hi] at the requested confidence. */
  ci: [number, number];
}

/**
 * The mean of per-problem values with a percentile bootstrap confidence interval:
 * problems are resampled with replacement `resamples` times from a seeded stream, so the
 * interval is reproducible. An empty input gives NaN.
 */
export function bootstrapMean(
  values: readonly number[],
  random: Random,
  options: { resamples?: number; confidence?: number } = {},
): MeanWithCi {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, ci: [Number.NaN, Number.NaN] };
  let total = 0;
  for (const v of values) total += v;
  const mean = total / n;
  if (resamples <= 0) return { mean, ci: [mean, mean] };
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[random.int(n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const alpha = (1 - confidence) / 2;
  return { mean, ci: [quantile(means, alpha), quantile(means, 1 - alpha)] };
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
