import { createRandom } from '../core/random.js';
import { bootstrapMeans } from './bootstrap-ci.js';
import { kValues } from './pass-at-k.js';
import { problemSampleMetrics, type ProblemSampleMetrics } from './sample-metrics.js';

/** One problem as scoring sees it, whether it came from a run folder or a samples file. */
export interface ScoringItem {
  id: string;
  level: string | number | null;
  subject: string | null;
  /** Whether the method's final answer was correct (runs); null for samples files. */
  correct: boolean | null;
  candidates: { cluster: number; correct: boolean; score: number | null; tokens: number; steps: number }[];
  /** Compute the whole problem cost. */
  tokensIn: number;
  tokensOut: number;
  steps: number;
  policyCalls: number;
  verifierCalls: number;
}

export interface ScoreOptions {
  /** Seeds the Monte-Carlo subsets and the bootstrap (default 0). */
  seed?: string | number;
  /** Random k-subsets per problem for maj@k / bon@k between 1 and n (default 200). */
  resamples?: number;
  /** Bootstrap resamples for confidence intervals (default 1000; 0 turns intervals off). */
  bootstrap?: number;
  confidence?: number;
  /** Discounted accuracy: reward × gamma^(tokens or steps spent). */
  discount?: { gamma: number; by: 'tokens' | 'steps' };
}

export type ByK = Record<string, number>;
export type CiByK = Record<string, [number, number]>;

export interface GroupSummary {
  problems: number;
  /** Method accuracy for runs, mean sample accuracy for samples files. */
  accuracy: number;
  mean_accuracy: number;
  tokens_out_mean: number;
  tokens_in_mean: number;
}

export interface ScoreReport {
  problems: number;
  samples: number;
  /** Fewest and most samples (candidates) of a problem. */
  n_min: number;
  n_max: number;
  /** The method's final-answer accuracy (runs only; null for samples files). */
  accuracy: number | null;
  /** Correct samples over all samples. */
  mean_accuracy: number;
  'pass@k': ByK;
  'maj@k': ByK;
  'bon@k'?: ByK;
  'weighted_bon@k'?: ByK;
  /** Percentile bootstrap intervals over problems, same keys as above. */
  ci: { confidence: number; accuracy: [number, number] | null; 'pass@k': CiByK; 'maj@k': CiByK; 'bon@k'?: CiByK; 'weighted_bon@k'?: CiByK };
  discounted?: { gamma: number; by: 'tokens' | 'steps'; accuracy: number | null; mean_accuracy: number };
  compute: { tokens_in_mean: number; tokens_out_mean: number; tokens_out_total: number; tokens_per_sample_mean: number; steps_mean: number; policy_calls_mean: number; verifier_calls_mean: number };
  by_level: Record<string, GroupSummary>;
  by_subject: Record<string, GroupSummary>;
}

/**
 * What scoring keeps of one problem: its per-k metrics and the facts the summaries need,
 * without its candidate list, so a run of any size scores in memory proportional to its
 * number of problems. The metrics are at k = 1, 2, 4, … below its sample count n, and at
 * n; every k ≥ n has the value at n (a problem with fewer samples than k counts with all
 * it has), and the random subsets at k < n do not depend on the other problems.
 */
export interface ProblemScore {
  id: string;
  level: string | number | null;
  subject: string | null;
  correct: boolean | null;
  tokensIn: number;
  tokensOut: number;
  steps: number;
  policyCalls: number;
  verifierCalls: number;
  /** Samples and correct samples. */
  n: number;
  correctSamples: number;
  /** Generated tokens summed over the samples. */
  sampleTokens: number;
  /** With a discount: the discounted rewards of the samples, summed. */
  discountedSamples: number;
  /** At kValues(n). */
  metrics: ProblemSampleMetrics;
}

/** Scores one problem (the per-problem half of `scoreItems`). */
export function scoreProblem(it: ScoringItem, options: ScoreOptions = {}): ProblemScore {
  const seed = String(options.seed ?? 0);
  const resamples = options.resamples ?? 200;
  const metrics = problemSampleMetrics(it.candidates, kValues(it.candidates.length), createRandom(`${seed}/subsets/${it.id}`), resamples);
  let discountedSamples = 0;
  if (options.discount) {
    const { gamma, by } = options.discount;
    discountedSamples = it.candidates.reduce((t, c) => t + (c.correct ? gamma ** (by === 'tokens' ? c.tokens : c.steps) : 0), 0);
  }
  return {
    id: it.id,
    level: it.level,
    subject: it.subject,
    correct: it.correct,
    tokensIn: it.tokensIn,
    tokensOut: it.tokensOut,
    steps: it.steps,
    policyCalls: it.policyCalls,
    verifierCalls: it.verifierCalls,
    n: metrics.n,
    correctSamples: metrics.correct,
    sampleTokens: it.candidates.reduce((t, c) => t + c.tokens, 0),
    discountedSamples,
    metrics,
  };
}

/** A problem's value of one metric at `k`, from its values at kValues(n). */
function atK(values: readonly number[], n: number, k: number): number {
  if (n === 0) return 0;
  return k >= n ? values[values.length - 1]! : values[Math.log2(k)]!;
}

/**
 * All metrics over a set of problems: accuracy, pass@k (unbiased), maj@k over answer
 * clusters, bon@k and weighted_bon@k when every sample has a score, bootstrap intervals,
 * discounted accuracy, compute, and breakdowns by level and subject. k runs over
 * 1, 2, 4, … up to the most samples any problem has; a problem with fewer samples than
 * k counts with all it has. Deterministic for a given seed.
 */
export function scoreItems(items: readonly ScoringItem[], options: ScoreOptions = {}): ScoreReport {
  return summarizeScores(items.map((it) => scoreProblem(it, options)), options);
}

/** The report over problems scored one by one with `scoreProblem` (same options). */
export function summarizeScores(problems: readonly ProblemScore[], options: ScoreOptions = {}): ScoreReport {
  const seed = String(options.seed ?? 0);
  const confidence = options.confidence ?? 0.95;
  const nMax = problems.reduce((m, p) => Math.max(m, p.n), 0);
  const nMin = problems.reduce((m, p) => Math.min(m, p.n), problems.length ? Infinity : 0);
  const ks = kValues(nMax);
  const samples = problems.reduce((s, p) => s + p.n, 0);
  const correctSamples = problems.reduce((s, p) => s + p.correctSamples, 0);
  const isRun = problems.length > 0 && problems.every((p) => p.correct !== null);

  // Every series that gets an interval, bootstrapped together over the same problem draws.
  const series: { label: string; values: number[] }[] = [];
  const add = (label: string, values: number[]) => series.push({ label, values });
  const metricSeries = (name: string, pick: (p: ProblemSampleMetrics) => number[] | undefined) =>
    ks.forEach((k) => add(`${name}/${k}`, problems.map((p) => atK(pick(p.metrics)!, p.n, k))));
  metricSeries('pass@k', (p) => p.pass);
  metricSeries('maj@k', (p) => p.maj);
  const scored = problems.length > 0 && problems.every((p) => p.metrics.bon !== undefined);
  if (scored) {
    metricSeries('bon@k', (p) => p.bon);
    metricSeries('weighted_bon@k', (p) => p.weightedBon);
  }
  if (isRun) add('accuracy', problems.map((p) => (p.correct ? 1 : 0)));
  const boot = bootstrapMeans(series.map((s) => s.values), createRandom(`${seed}/bootstrap`), { resamples: options.bootstrap ?? 1000, confidence });
  const results = new Map(series.map((s, i) => [s.label, boot[i]!]));
  const byK = (name: string) => {
    const values: ByK = {};
    const intervals: CiByK = {};
    for (const k of ks) {
      const m = results.get(`${name}/${k}`)!;
      values[String(k)] = m.mean;
      intervals[String(k)] = m.ci;
    }
    return { values, intervals };
  };
  const pass = byK('pass@k');
  const maj = byK('maj@k');
  const accuracy = isRun ? results.get('accuracy')! : null;

  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const report: ScoreReport = {
    problems: problems.length,
    samples,
    n_min: nMin,
    n_max: nMax,
    accuracy: accuracy ? accuracy.mean : null,
    mean_accuracy: samples === 0 ? 0 : correctSamples / samples,
    'pass@k': pass.values,
    'maj@k': maj.values,
    ci: { confidence, accuracy: accuracy ? accuracy.ci : null, 'pass@k': pass.intervals, 'maj@k': maj.intervals },
    compute: {
      tokens_in_mean: mean(problems.map((p) => p.tokensIn)),
      tokens_out_mean: mean(problems.map((p) => p.tokensOut)),
      tokens_out_total: problems.reduce((s, p) => s + p.tokensOut, 0),
      tokens_per_sample_mean: samples === 0 ? 0 : problems.reduce((s, p) => s + p.sampleTokens, 0) / samples,
      steps_mean: mean(problems.map((p) => p.steps)),
      policy_calls_mean: mean(problems.map((p) => p.policyCalls)),
      verifier_calls_mean: mean(problems.map((p) => p.verifierCalls)),
    },
    by_level: groupBy(problems, (p) => (p.level === null ? null : String(p.level))),
    by_subject: groupBy(problems, (p) => p.subject),
  };
  if (scored) {
    const bon = byK('bon@k');
    const wbon = byK('weighted_bon@k');
    report['bon@k'] = bon.values;
    report['weighted_bon@k'] = wbon.values;
    report.ci['bon@k'] = bon.intervals;
    report.ci['weighted_bon@k'] = wbon.intervals;
  }
  if (options.discount) {
    const { gamma, by } = options.discount;
    const factor = (tokens: number, steps: number) => gamma ** (by === 'tokens' ? tokens : steps);
    report.discounted = {
      gamma,
      by,
      accuracy: isRun ? mean(problems.map((p) => (p.correct ? factor(p.tokensOut, p.steps) : 0))) : null,
      mean_accuracy: samples === 0 ? 0 : problems.reduce((s, p) => s + p.discountedSamples, 0) / samples,
    };
  }
  return report;
}

function groupBy(problems: readonly ProblemScore[], key: (p: ProblemScore) => string | null): Record<string, GroupSummary> {
  const groups = new Map<string, ProblemScore[]>();
  for (const p of problems) {
    const k = key(p);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  const out: Record<string, GroupSummary> = {};
  const names = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const name of names) {
    const group = groups.get(name)!;
    const samples = group.reduce((s, p) => s + p.n, 0);
    const correctSamples = group.reduce((s, p) => s + p.correctSamples, 0);
    const meanAccuracy = samples === 0 ? 0 : correctSamples / samples;
    out[name] = {
      problems: group.length,
      accuracy: group.every((p) => p.correct !== null) ? group.filter((p) => p.correct).length / group.length : meanAccuracy,
      mean_accuracy: meanAccuracy,
      tokens_out_mean: group.reduce((s, p) => s + p.tokensOut, 0) / group.length,
      tokens_in_mean: group.reduce((s, p) => s + p.tokensIn, 0) / group.length,
    };
  }
  return out;
}
