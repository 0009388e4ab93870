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

/**
 * `bootstrapMean` for many per-problem series at once, all resampled with the same
 * problem draws (a paired bootstrap: the intervals of pass@k and maj@k come from the same
 * resampled problem sets). Drawing once makes 30 series cost about what one costs.
 */
export function bootstrapMeans(
  series: readonly (readonly number[])[],
  random: Random,
  options: { resamples?: number; confidence?: number } = {},
): MeanWithCi[] {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const n = series[0]?.length ?? 0;
  for (const s of series) if (s.length !== n) throw new RangeError(`bootstrapMeans: series lengths differ (${s.length} vs ${n})`);
  const means = series.map((s) => (n === 0 ? Number.NaN : s.reduce((a, b) => a + b, 0) / n));
  if (n === 0) return means.map(() => ({ mean: Number.NaN, ci: [Number.NaN, Number.NaN] }));
  if (resamples <= 0) return means.map((mean) => ({ mean, ci: [mean, mean] }));
  const columns = series.map((s) => Float64Array.from(s));
  const draws = columns.map(() => new Float64Array(resamples));
  // How often each problem is drawn in this resample; reused, so memory stays O(n).
  const counts = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[random.int(n)]! += 1;
    for (let j = 0; j < columns.length; j++) {
      const values = columns[j]!;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i]!;
        if (c !== 0) sum += c * values[i]!;
      }
      draws[j]![r] = sum / n;
    }
  }
  const alpha = (1 - confidence) / 2;
  const out: MeanWithCi[] = draws.map((d, j) => {
    d.sort();
    return { mean: means[j]!, ci: [quantile(d, alpha), quantile(d, 1 - alpha)] as [number, number] };
  });
  return out;
}
