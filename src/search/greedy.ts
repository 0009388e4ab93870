import { proposalCount, type OptionRules } from './option-rules.js';
import { orderByValue } from './order-by-value.js';
import type { SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type GreedyOptions = {
  /** Steps proposed at each state (0: all the policy can enumerate). */
  proposals: number;
  /** Steps taken at most before giving up. */
  maxDepth: number;
};

export const GREEDY_DEFAULTS: GreedyOptions = { proposals: 0, maxDepth: 10 };

const RULES: OptionRules<GreedyOptions> = {
  proposals: { type: 'integer', min: 0, max: 10_000, description: 'steps proposed per state (0 = all the policy offers)' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'most steps taken' },
};

/**
 * One step at a time: propose, score every proposal, take the best-valued one, never
 * look back. The cheapest search, and the baseline every other one must beat.
 */
async function greedyBody<S>(run: SearchRun<S>, o: GreedyOptions) {
  let node = run.root;
  while (node.depth < o.maxDepth) {
    const children = await run.expand(node, proposalCount(o.proposals));
    if (children.length === 0) return { stopReason: 'exhausted' as const };
    const values = await run.evaluate(children);
    node = children[orderByValue(values)[0]!]!;
    if (node.flags.terminal) {
      run.visit(node);
      return { stopReason: node.flags.verified ? ('solved' as const) : ('completed' as const) };
    }
  }
  return { stopReason: 'completed' as const };
}

export const greedy: SearchAlgorithm<GreedyOptions> = defineSearch<GreedyOptions>({
  name: 'greedy',
  description: 'one step at a time, always the best-valued proposal',
  defaults: GREEDY_DEFAULTS,
  rules: RULES,
  body: (run, o) => greedyBody(run, o),
});
