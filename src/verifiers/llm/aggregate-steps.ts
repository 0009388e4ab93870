import { InputError } from '../../core/errors.js';

/**
 * How per-step scores of a process reward model become one score for a partial or whole
 * solution: `last` (the PRM's view of the newest step, as Qwen's PRM papers use for
 * best-of-N), `min` (a chain is as good as its worst step), `product` (all steps right,
 * if independent), `mean`.
 */
export type StepAggregation = 'last' | 'min' | 'product' | 'mean';

export const STEP_AGGREGATIONS: readonly StepAggregation[] = ['last', 'min', 'product', 'mean'];

export function parseStepAggregation(name: string): StepAggregation {
  if ((STEP_AGGREGATIONS as readonly string[]).includes(name)) return name as StepAggregation;
  throw new InputError(`unknown step aggregation "${name}" (expected one of ${STEP_AGGREGATIONS.join(', ')})`);
}

/** One score from step scores; an empty list (nothing written yet) scores 0.5, no evidence either way. */
export function aggregateStepScores(scores: readonly number[], how: StepAggregation): number {
  if (scores.length === 0) return 0.5;
  switch (how) {
    case 'last':
      return scores[scores.length - 1]!;
    case 'min':
      return Math.min(...scores);
    case 'product':
      return scores.reduce((p, s) => p * s, 1);
    case 'mean':
      return scores.reduce((p, s) => p + s, 0) / scores.length;
  }
}
