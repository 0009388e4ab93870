import type { TopLevelSpec } from 'vega-lite';

/** The fields of an RL curves point that the chart shows (see `metacot rl`). */
export interface RlCurveInput {
  curve: readonly { iteration: number; reward: number; solveRate: number; tokens: number; kl: number; valueAccuracy?: number | null }[];
}

const PANELS = [
  ['solveRate', 'solve rate (sampled)'],
  ['reward', 'mean reward'],
  ['tokens', 'model tokens per search'],
  ['kl', 'KL to the start (k3, per decision)'],
  ['valueAccuracy', 'values confirmed right'],
] as const;

/** Small multiples, one per quantity, against the iteration: how an RL run went. */
export function rlCurveChart(run: RlCurveInput, title = 'RL on in-context searches'): TopLevelSpec {
  const values = run.curve.flatMap((p) => PANELS.flatMap(([key, label]) => {
    const v = p[key];
    return typeof v === 'number' ? [{ iteration: p.iteration, quantity: label, value: v }] : [];
  }));
  return {
    title, background: 'white', config: { font: 'sans-serif' },
    data: { values },
    facet: { field: 'quantity', type: 'nominal', title: null, sort: PANELS.map(([, l]) => l) },
    columns: 3,
    spec: {
      width: 220, height: 140,
      mark: { type: 'line', point: { size: 12 } },
      encoding: {
        x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
