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
 * All metrics over a set of problems: accuracy, pass@k (unbiased), maj@k over answer
 * clusters, bon@k and weighted_bon@k when every sample has a score, bootstrap intervals,
 * discounted accuracy, compute, and breakdowns by level and subject. k runs over
 * 1, 2, 4, … up to the most samples any problem has; a problem with fewer samples than
 * k counts with all it has. Deterministic for a given seed.
 */
export function scoreItems(items: readonly ScoringItem[], options: ScoreOptions = {}): ScoreReport {
  const seed = String(options.seed ?? 0);
  const resamples = options.resamples ?? 200;
  const confidence = options.confidence ?? 0.95;
  const nMax = items.reduce((m, it) => Math.max(m, it.candidates.length), 0);
  const nMin = items.reduce((m, it) => Math.min(m, it.candidates.length), items.length ? Infinity : 0);
  const ks = kValues(nMax);
  const per: ProblemSampleMetrics[] = items.map((it) =>
    problemSampleMetrics(it.candidates, ks, createRandom(`${seed}/subsets/${it.id}`), resamples),
  );
  const samples = per.reduce((s, p) => s + p.n, 0);
  const correctSamples = per.reduce((s, p) => s + p.correct, 0);
  const isRun = items.length > 0 && items.every((it) => it.correct !== null);

  // Every series that gets an interval, bootstrapped together over the same problem draws.
  const series: { label: string; values: number[] }[] = [];
  const add = (label: string, values: number[]) => series.push({ label, values });
  const metricSeries = (name: string, pick: (p: ProblemSampleMetrics) => number[] | undefined) =>
    ks.forEach((k, i) => add(`${name}/${k}`, per.map((p) => pick(p)![i]!)));
  metricSeries('pass@k', (p) => p.pass);
  metricSeries('maj@k', (p) => p.maj);
  const scored = per.length > 0 && per.every((p) => p.bon !== undefined);
  if (scored) {
    metricSeries('bon@k', (p) => p.bon);
    metricSeries('weighted_bon@k', (p) => p.weightedBon);
  }
  if (isRun) add('accuracy', items.map((it) => (it.correct ? 1 : 0)));
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
    problems: items.length,
    samples,
    n_min: nMin,
    n_max: nMax,
    accuracy: accuracy ? accuracy.mean : null,
    mean_accuracy: samples === 0 ? 0 : correctSamples / samples,
    'pass@k': pass.values,
    'maj@k': maj.values,
    ci: { confidence, accuracy: accuracy ? accuracy.ci : null, 'pass@k': pass.intervals, 'maj@k': maj.intervals },
    compute: {
      tokens_in_mean: mean(items.map((it) => it.tokensIn)),
      tokens_out_mean: mean(items.map((it) => it.tokensOut)),
      tokens_out_total: items.reduce((s, it) => s + it.tokensOut, 0),
      tokens_per_sample_mean: samples === 0 ? 0 : items.reduce((s, it) => s + it.candidates.reduce((t, c) => t + c.tokens, 0), 0) / samples,
      steps_mean: mean(items.map((it) => it.steps)),
      policy_calls_mean: mean(items.map((it) => it.policyCalls)),
      verifier_calls_mean: mean(items.map((it) => it.verifierCalls)),
    },
    by_level: groupBy(items, (it) => (it.level === null ? null : String(it.level))),
    by_subject: groupBy(items, (it) => it.subject),
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
      accuracy: isRun ? mean(items.map((it) => (it.correct ? factor(it.tokensOut, it.steps) : 0))) : null,
      mean_accuracy: samples === 0 ? 0 : items.reduce((s, it) => s + it.candidates.reduce((t, c) => t + (c.correct ? factor(c.tokens, c.steps) : 0), 0), 0) / samples,
    };
  }
  return report;
}

function groupBy(items: readonly ScoringItem[], key: (it: ScoringItem) => string | null): Record<string, GroupSummary> {
  const groups = new Map<string, ScoringItem[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(it);
    else groups.set(k, [it]);
  }
  const out: Record<string, GroupSummary> = {};
  const names = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const name of names) {
    const group = groups.get(name)!;
    const samples = group.reduce((s, it) => s + it.candidates.length, 0);
    const correctSamples = group.reduce((s, it) => s + it.candidates.filter((c) => c.correct).length, 0);
    const meanAccuracy = samples === 0 ? 0 : correctSamples / samples;
    out[name] = {
      problems: group.length,
      accuracy: group.every((it) => it.correct !== null) ? group.filter((it) => it.correct).length / group.length : meanAccuracy,
      mean_accuracy: meanAccuracy,
      tokens_out_mean: group.reduce((s, it) => s + it.tokensOut, 0) / group.length,
      tokens_in_mean: group.reduce((s, it) => s + it.tokensIn, 0) / group.length,
    };
  }
  return out;
}
