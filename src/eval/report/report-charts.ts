import type { TopLevelSpec } from 'vega-lite';
import type { ScoreReport } from '../score-items.js';

/** One run as the report sees it. */
export interface ReportRun {
  /** Short unique name (the folder's base name). */
  name: string;
  task: string;
  search: string;
  model: string;
  score: ScoreReport;
}

const METRICS = [
  ['pass@k', 'pass@k'],
  ['maj@k', 'maj@k'],
  ['bon@k', 'best-of-k'],
  ['weighted_bon@k', 'weighted best-of-k'],
] as const;

/** Searches whose candidates are independent samples (so k of them cost k samples). */
const SAMPLING_SEARCHES = new Set(['best-of-n', 'majority']);

const WIDTH = 420;
const HEIGHT = 260;
const base = { width: WIDTH, height: HEIGHT, background: 'white', config: { font: 'sans-serif' } } as const;

/** Accuracy against k for pass / maj / best-of / weighted best-of, every run. */
export function accuracyByKChart(runs: readonly ReportRun[]): TopLevelSpec | null {
  const values: { run: string; metric: string; k: number; accuracy: number }[] = [];
  for (const run of runs) {
    for (const [key, label] of METRICS) {
      const byK = run.score[key];
      if (!byK) continue;
      for (const [k, accuracy] of Object.entries(byK)) values.push({ run: run.name, metric: label, k: Number(k), accuracy });
    }
  }
  if (values.length === 0 || Math.max(...values.map((v) => v.k)) < 2) return null;
  const layer = {
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'k', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { title: 'k' } },
      y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'accuracy' } },
      color: { field: 'metric', type: 'nominal', title: 'metric', sort: METRICS.map(([, label]) => label) },
      tooltip: [{ field: 'run' }, { field: 'metric' }, { field: 'k' }, { field: 'accuracy', format: '.3f' }],
    },
  };
  if (runs.length === 1) return { ...base, title: 'Accuracy vs k (samples per problem)', data: { values }, ...layer } as TopLevelSpec;
  // Several runs: one small panel each, so that the curves of different runs do not pile up.
  return {
    background: 'white',
    config: base.config,
    title: 'Accuracy vs k (samples per problem), one panel per run',
    data: { values },
    columns: 3,
    facet: { field: 'run', type: 'nominal', title: null, sort: runs.map((r) => r.name) },
    spec: { width: 200, height: 150, ...layer },
  } as TopLevelSpec;
}

/**
 * The compute-scaling picture: each run's accuracy against its mean compute per problem
 * (generated tokens; policy calls when no run spent tokens), runs of the same search
 * joined by a line; best-of-N and majority runs add their maj@k and bon@k curves at
 * k × tokens per sample. Log-scaled compute when every value is positive.
 */
export function accuracyVsComputeChart(runs: readonly ReportRun[]): TopLevelSpec | null {
  const useTokens = runs.some((r) => r.score.compute.tokens_out_mean > 0);
  const values: { run: string; series: string; compute: number; accuracy: number; label: string }[] = runs.map((r) => ({
    run: r.name,
    series: r.search,
    compute: useTokens ? r.score.compute.tokens_out_mean : r.score.compute.policy_calls_mean,
    accuracy: r.score.accuracy ?? r.score.mean_accuracy,
    label: r.name,
  }));
  // Sampling methods also trace their own curve (k samples cost k times a sample's tokens),
  // drawn from the run with the most samples of each task × search × model.
  const largest = new Map<string, ReportRun>();
  for (const r of runs) {
    if (!useTokens || !SAMPLING_SEARCHES.has(r.search) || r.score.compute.tokens_per_sample_mean <= 0) continue;
    const key = `${r.task}/${r.search}/${r.model}`;
    if ((largest.get(key)?.score.n_max ?? -1) < r.score.n_max) largest.set(key, r);
  }
  for (const r of largest.values()) {
    for (const key of ['maj@k', 'bon@k'] as const) {
      const byK = r.score[key];
      if (!byK) continue;
      for (const [k, accuracy] of Object.entries(byK)) {
        values.push({ run: r.name, series: `${r.name} ${key}`, compute: Number(k) * r.score.compute.tokens_per_sample_mean, accuracy, label: '' });
      }
    }
  }
  if (values.length === 0) return null;
  const log = values.every((v) => v.compute > 0);
  const x = { field: 'compute', type: 'quantitative', scale: log ? { type: 'log' } : { zero: true }, axis: { title: useTokens ? 'generated tokens per problem' : 'policy calls per problem' } };
  const y = { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'accuracy' } };
  return {
    ...base,
    title: 'Accuracy vs compute',
    data: { values },
    encoding: { x, y, color: { field: 'series', type: 'nominal', title: 'search / curve' } },
    layer: [
      { mark: { type: 'line' }, encoding: { detail: { field: 'series' }, order: { field: 'compute', type: 'quantitative' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { tooltip: [{ field: 'run' }, { field: 'series' }, { field: 'compute', format: '.1f' }, { field: 'accuracy', format: '.3f' }] } },
      { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

/** Accuracy and generated tokens by difficulty level, grouped by run (null without levels). */
export function byLevelCharts(runs: readonly ReportRun[]): TopLevelSpec[] {
  const values = runs.flatMap((r) =>
    Object.entries(r.score.by_level).map(([level, g]) => ({ run: r.name, level, accuracy: g.accuracy, tokens: g.tokens_out_mean, problems: g.problems })),
  );
  if (values.length === 0) return [];
  const chart = (field: 'accuracy' | 'tokens', title: string): TopLevelSpec => ({
    ...base,
    width: Math.max(WIDTH, 40 * values.length),
    title,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'level', type: 'ordinal', sort: null, title: 'level' },
      xOffset: { field: 'run', type: 'nominal' },
      y: field === 'accuracy'
        ? { field, type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'accuracy' } }
        : { field, type: 'quantitative', axis: { title: 'generated tokens per problem' } },
      color: { field: 'run', type: 'nominal', title: 'run' },
      tooltip: [{ field: 'run' }, { field: 'level' }, { field, format: '.3f' }, { field: 'problems' }],
    },
  }) as TopLevelSpec;
  return [chart('accuracy', 'Accuracy by level'), chart('tokens', 'Tokens by level')];
}
