import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import { resolveOptions, type OptionRules } from './option-rules.js';
import { sampleRollouts } from './sample-rollouts.js';
import { pickBest, runSearch, type SearchResult, type SearchRun } from './search-run.js';
import type { SearchAlgorithm } from './types.js';

export type BestOfNOptions = {
  /** Independent rollouts drawn. */
  n: number;
  /** Steps per rollout at most. */
  maxDepth: number;
};

export const BEST_OF_N_DEFAULTS: BestOfNOptions = { n: 8, maxDepth: 10 };

const RULES: OptionRules<BestOfNOptions> = {
  n: { type: 'integer', min: 1, description: 'independent rollouts' },
  maxDepth: { type: 'integer', min: 1, description: 'most steps per rollout' },
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

export const bestOfN: SearchAlgorithm<BestOfNOptions> = {
  name: 'best-of-n',
  description: 'N independent rollouts; the verifier picks the best',
  defaults: BEST_OF_N_DEFAULTS,
  rules: RULES,
  resolveOptions: (given) => resolveOptions('best-of-n', BEST_OF_N_DEFAULTS, RULES, given),
  async run<S>(problem: SearchProblem<S>, policy: Policy<S>, verifier: Verifier<S>, options: Partial<BestOfNOptions>, ctx: SearchContext): Promise<SearchResult<S>> {
    const o = bestOfN.resolveOptions(options);
    return runSearch('best-of-n', o, problem, policy, verifier, ctx, (run) => bestOfNBody(run, o));
  },
};
