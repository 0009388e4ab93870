import { BEST_FIRST_DEFAULTS, bestFirstBody } from './best-first.js';
import type { OptionRules } from './option-rules.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type AdaptiveOptions = {
  /** In-context searches at temperature 1 after a failed greedy one, for a reasoner that searches in its own context. */
  resamples: number;
  /** States deeper than this are not expanded by the complete search. */
  maxDepth: number;
  /** The in-context searches fold their context when it fills and search on (in-context reasoners only). */
  fold: boolean;
};

export const ADAPTIVE_DEFAULTS: AdaptiveOptions = { resamples: 2, maxDepth: BEST_FIRST_DEFAULTS.maxDepth, fold: true };

/** Most T=1 resamples an adaptive search may draw. */
export const MAX_RESAMPLES = 64;

const RULES: OptionRules<AdaptiveOptions> = {
  resamples: { type: 'integer', min: 0, max: MAX_RESAMPLES, description: 'T=1 in-context searches after a failed greedy one (in-context reasoners only)' },
  maxDepth: { type: 'integer', min: 1, max: 1000, description: 'deepest state the complete search expands' },
  fold: { type: 'boolean', description: 'fold the in-context searches\' context when it fills and search on, up to 4 contexts of tokens, looking again before giving up (in-context reasoners only)' },
};

/**
 * Spend more compute only where the cheap attempt fails. A reasoner that searches in its
 * own context (the embedded model) runs it as greedy, then `resamples` samples, then a
 * complete tree search (see `solveAdaptive`). A step policy has no in-context search to
 * try first, so here it is the complete part alone: best-first over every step the
 * policy proposes, which solves a solvable puzzle or exhausts it.
 */
export const adaptive: SearchAlgorithm<AdaptiveOptions> = defineSearch<AdaptiveOptions>({
  name: 'adaptive',
  description: 'greedy in-context search, then samples, then complete best-first (for step policies: complete best-first)',
  defaults: ADAPTIVE_DEFAULTS,
  rules: RULES,
  body: (run, o) => bestFirstBody(run, { ...BEST_FIRST_DEFAULTS, maxDepth: o.maxDepth }),
});
