import type { Random } from '../core/random.js';
import { passAtK } from './pass-at-k.js';

/** One sample (candidate) of a problem as the metrics see it. */
export interface ScoredSample {
  /** Answer cluster (see clusterAnswers); -1 when the sample gave no answer. */
  cluster: number;
  correct: boolean;
  /** Verifier score; bon@k and weighted_bon@k need it on every sample. */
  score?: number | null;
}

/** Per-problem expected accuracy at each k, aligned with the `ks` passed in. */
export interface ProblemSampleMetrics {
  n: number;
  correct: number;
  pass: number[];
  maj: number[];
  /** Present when every sample has a score. */
  bon?: number[];
  weightedBon?: number[];
}

/**
 * pass@k exactly (Chen et al.); maj@k, bon@k and weighted_bon@k as the expected accuracy
 * over uniformly drawn k-subsets of the n samples. k = 1 and k ≥ n are exact; between,
 * the expectation is estimated from `resamples` seeded random permutations (a prefix of
 * a random permutation is a uniform k-subset, so one permutation serves every k).
 * Ties (equal vote counts, equal best scores) are split evenly: the value is what a
 * uniformly random tie-break would score on average, so no arbitrary order leaks in.
 * Samples without an answer do not vote.
 */
export function problemSampleMetrics(
  samples: readonly ScoredSample[],
  ks: readonly number[],
  random: Random,
  resamples = 200,
): ProblemSampleMetrics {
  const n = samples.length;
  const c = samples.reduce((sum, s) => sum + (s.correct ? 1 : 0), 0);
  const scored = n > 0 && samples.every((s) => typeof s.score === 'number' && Number.isFinite(s.score));
  const pass = ks.map((k) => passAtK(n, c, k));
  const out: ProblemSampleMetrics = { n, correct: c, pass, maj: ks.map(() => 0) };
  if (scored) {
    out.bon = ks.map(() => 0);
    out.weightedBon = ks.map(() => 0);
  }
  if (n === 0) return out;

  let clusters = 0;
  for (const s of samples) clusters = Math.max(clusters, s.cluster + 1);
  const clusterCorrect = new Uint8Array(clusters);
  const seen = new Uint8Array(clusters);
  for (const s of samples) {
    if (s.cluster >= 0 && !seen[s.cluster]) {
      seen[s.cluster] = 1;
      clusterCorrect[s.cluster] = s.correct ? 1 : 0;
    }
  }
  const counts = new Float64Array(clusters);
  const weights = new Float64Array(clusters);

  // Accumulates one subset's outcome into slot `slot` of the outputs.
  const state = { bestScore: -Infinity, bestTies: 0, bestCorrect: 0 };
  const reset = () => {
    counts.fill(0);
    weights.fill(0);
    state.bestScore = -Infinity;
    state.bestTies = 0;
    state.bestCorrect = 0;
  };
  const add = (s: ScoredSample) => {
    if (s.cluster >= 0) {
      counts[s.cluster]! += 1;
      if (scored) weights[s.cluster]! += s.score as number;
    }
    if (scored) {
      const score = s.score as number;
      if (score > state.bestScore) {
        state.bestScore = score;
        state.bestTies = 1;
        state.bestCorrect = s.correct ? 1 : 0;
      } else if (score === state.bestScore) {
        state.bestTies += 1;
        state.bestCorrect += s.correct ? 1 : 0;
      }
    }
  };
  const record = (slot: number, weight: number) => {
    out.maj[slot]! += weight * argmaxCredit(counts, counts, clusterCorrect);
    if (scored) {
      out.bon![slot]! += weight * (state.bestCorrect / state.bestTies);
      out.weightedBon![slot]! += weight * argmaxCredit(weights, counts, clusterCorrect);
    }
  };

  // k >= n: the whole set, exactly.
  const fullSlots = ks.map((k, i) => (k >= n ? i : -1)).filter((i) => i >= 0);
  if (fullSlots.length > 0) {
    reset();
    for (const s of samples) add(s);
    for (const slot of fullSlots) record(slot, 1);
  }
  // k = 1: each sample alone, exactly.
  const oneSlots = ks.map((k, i) => (k === 1 && n > 1 ? i : -1)).filter((i) => i >= 0);
  for (const slot of oneSlots) {
    out.maj[slot] = c / n;
    if (scored) {
      out.bon![slot] = c / n;
      out.weightedBon![slot] = c / n;
    }
  }
  // 1 < k < n: Monte-Carlo over random permutations (the hot loop of scoring: kept flat).
  const midSlots = ks.map((k, i) => (k > 1 && k < n ? i : -1)).filter((i) => i >= 0);
  if (midSlots.length > 0) {
    const maxK = Math.max(...midSlots.map((i) => ks[i]!));
    const slotAt = new Int32Array(maxK + 1).fill(-1);
    for (const slot of midSlots) slotAt[ks[slot]!] = slot;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const cluster = Int32Array.from(samples, (x) => x.cluster);
    const right = Uint8Array.from(samples, (x) => (x.correct ? 1 : 0));
    const score = Float64Array.from(samples, (x) => (scored ? (x.score as number) : 0));
    const weight = 1 / resamples;
    for (let r = 0; r < resamples; r++) {
      reset();
      let bestScore = -Infinity, bestTies = 0, bestCorrect = 0;
      for (let j = 0; j < maxK; j++) {
        // Partial Fisher–Yates: position j gets a uniform pick from the rest.
        const pick = j + random.int(n - j);
        const s = order[pick]!;
        order[pick] = order[j]!;
        order[j] = s;
        const c = cluster[s]!;
        if (c >= 0) counts[c]! += 1;
        if (scored) {
          if (c >= 0) weights[c]! += score[s]!;
          const v = score[s]!;
          if (v > bestScore) {
            bestScore = v;
            bestTies = 1;
            bestCorrect = right[s]!;
          } else if (v === bestScore) {
            bestTies += 1;
            bestCorrect += right[s]!;
          }
        }
        const slot = slotAt[j + 1]!;
        if (slot >= 0) {
          out.maj[slot]! += weight * argmaxCredit(counts, counts, clusterCorrect);
          if (scored) {
            out.bon![slot]! += weight * (bestCorrect / bestTies);
            out.weightedBon![slot]! += weight * argmaxCredit(weights, counts, clusterCorrect);
          }
        }
      }
    }
  }
  return out;
}

/** The share of the top-weighted clusters present in the subset that are correct (0 when none voted). */
function argmaxCredit(weights: Float64Array, counts: Float64Array, clusterCorrect: Uint8Array): number {
  let best = -Infinity;
  let ties = 0;
  let correct = 0;
  for (let i = 0; i < weights.length; i++) {
    if (counts[i]! <= 0) continue;
    const w = weights[i]!;
    if (w > best) {
      best = w;
      ties = 1;
      correct = clusterCorrect[i]!;
    } else if (w === best) {
      ties += 1;
      correct += clusterCorrect[i]!;
    }
  }
  return ties === 0 ? 0 : correct / ties;
}
