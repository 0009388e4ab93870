import { InputError } from '../core/errors.js';
import type { TreeNode } from '../core/tree-schema.js';
import { proposalCount, type OptionRules } from './option-rules.js';
import { orderByValue } from './order-by-value.js';
import type { SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type DfsOptions = {
  /** Steps proposed per state (0: all the policy can enumerate). */
  proposals: number;
  /** Children whose value is below this are pruned, never entered. */
  threshold: number;
  /** Children entered per state at most, best first (0: all above the threshold). */
  maxChildren: number;
  /** States deeper than this are not expanded. */
  maxDepth: number;
};

export const DFS_DEFAULTS: DfsOptions = { proposals: 0, threshold: 0.5, maxChildren: 0, maxDepth: 10 };

const RULES: OptionRules<DfsOptions> = {
  proposals: { type: 'integer', min: 0, max: 10_000, description: 'steps proposed per state (0 = all the policy offers)' },
  threshold: { type: 'number', min: 0, max: 1, description: 'prune children valued below this' },
  maxChildren: { type: 'integer', min: 0, max: 10_000, description: 'children entered per state, best first (0 = all)' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'deepest state expanded' },
};

/**
 * Depth-first search with backtracking and value pruning (Tree of Thoughts' DFS, Stream
 * of Search): expand a state, score its children, enter them best first, skip those
 * valued below the threshold, back up when a subtree is spent. Stops at the first
 * verified answer.
 */
async function dfsBody<S>(run: SearchRun<S>, o: DfsOptions) {
  const limit = o.maxChildren === 0 ? Infinity : o.maxChildren;
  const enter = async (node: TreeNode): Promise<TreeNode | null> => {
    run.guard();
    if (node.flags.terminal || node.depth >= o.maxDepth) {
      run.visit(node);
      return node.flags.verified === true ? node : null;
    }
    const kids = await run.expand(node, proposalCount(o.proposals));
    const values = await run.evaluate(kids);
    // Pruning is decided here, at scoring time, so the trace shows every cut branch.
    const order = orderByValue(values);
    const chosen = order.filter((i) => values[i]! >= o.threshold).slice(0, limit);
    for (const i of order) if (!chosen.includes(i)) kids[i]!.flags.pruned = true;
    for (const i of chosen) {
      const found = await enter(kids[i]!);
      if (found) return found;
    }
    return null;
  };
  const found = await enter(run.root);
  return found ? { stopReason: 'solved' as const, best: found } : { stopReason: 'exhausted' as const };
}

export const dfs: SearchAlgorithm<DfsOptions> = defineSearch<DfsOptions>({
  name: 'dfs',
  description: 'depth-first with backtracking and value-threshold pruning',
  defaults: DFS_DEFAULTS,
  rules: RULES,
  check: (o) => {
    if (o.proposals > 0 && o.maxChildren > o.proposals) {
      throw new InputError(`dfs: option 'maxChildren' (${o.maxChildren}) cannot exceed 'proposals' (${o.proposals}); lower maxChildren or raise proposals`);
    }
  },
  body: (run, o) => dfsBody(run, o),
});
