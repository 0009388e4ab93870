/**
 * The unbiased pass@k estimator of Chen et al. (2021, "Evaluating Large Language Models
 * Trained on Code"): with n samples of which c are correct, the probability that a
 * uniformly drawn k-subset holds at least one correct sample, 1 - C(n-c, k) / C(n, k),
 * computed as a running product so that n = 1000 does not overflow.
 * When k > n the subset is all n samples (pass@n): a problem with fewer samples than k
 * counts with what it has.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`passAtK: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`passAtK: c must be an integer in [0, n=${n}], got ${c}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`passAtK: k must be a positive integer, got ${k}`);
  if (n === 0 || c === 0) return 0;
  const kk = Math.min(k, n);
  if (n - c < kk) return 1;
  // C(n-c, k) / C(n, k) = prod_{i = n-c+1}^{n} (1 - k / i)
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - kk / i;
  return 1 - fail;
}

/** The k values reported for n samples: 1, 2, 4, … and n itself. */
export function kValues(n: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= n; k *= 2) ks.push(k);
  if (n > 0 && ks[ks.length - 1] !== n) ks.push(n);
  return ks;
}
