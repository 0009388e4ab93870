import type { OptionRules } from './option-rules.js';
import { sampleRollouts } from './sample-rollouts.js';
import { pickBest, type SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type BestOfNOptions = {
  /** Independent rollouts drawn. */
  n: number;
  /** Steps per rollout at most. */
  maxDepth: number;
};

export const BEST_OF_N_DEFAULTS: BestOfNOptions = { n: 8, maxDepth: 10 };

const RULES: OptionRules<BestOfNOptions> = {
  n: { type: 'integer', min: 1, max: 100_000, description: 'independent rollouts' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'most steps per rollout' },
};

/**
 * Parallel sampling: N independent rollouts to the end, then the verifier scores every
 * final state in one batch and the best wins (a verified answer beats any score).
 * Every rollout is kept in the tree, so pass@N and the verifier's choice can both be read off.
 */
async function bestOfNBody<S>(run: SearchRun<S>, o: BestOfNOptions) {
  const tips = [...new Set(await sampleRollouts(run, o.n, o.maxDepth))].filter((tip) => tip !== run.root);
  await run.evaluate(tips);
  return { stopReason: 'completed' as const, best: pickBest(tips) };
}

export const bestOfN: SearchAlgorithm<BestOfNOptions> = defineSearch<BestOfNOptions>({
  name: 'best-of-n',
  description: 'N independent rollouts; the verifier picks the best',
  defaults: BEST_OF_N_DEFAULTS,
  rules: RULES,
  body: (run, o) => bestOfNBody(run, o),
});
