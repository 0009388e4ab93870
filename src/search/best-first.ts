import type { TreeNode } from '../core/tree-schema.js';
import { proposalCount, type OptionRules } from './option-rules.js';
import { PriorityQueue } from './priority-queue.js';
import type { SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type BestFirstOptions = {
  /** Steps proposed per expansion (the paper's b; 0: all the policy can enumerate). */
  proposals: number;
  /** States deeper than this are not expanded. */
  maxDepth: number;
  /** Priority = value − depthCost × depth (0: pure best-first; > 0 prefers short paths, as A*'s g). */
  depthCost: number;
  /** Skip states whose `problem.key` was already queued (A*'s closed set). */
  dedupe: boolean;
};

export const BEST_FIRST_DEFAULTS: BestFirstOptions = { proposals: 0, maxDepth: 10, depthCost: 0, dedupe: true };

const RULES: OptionRules<BestFirstOptions> = {
  proposals: { type: 'integer', min: 0, max: 10_000, description: 'steps proposed per expansion (0 = all the policy offers)' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'deepest state expanded' },
  depthCost: { type: 'number', min: 0, max: 1_000_000, description: 'priority penalty per step of depth' },
  dedupe: { type: 'boolean', description: 'never queue a state (by problem.key) twice' },
};

/**
 * Best-first search, the Meta-CoT paper's A* variant: a frontier ordered by value (minus
 * an optional depth cost), each expansion proposes b steps and scores them in one batch,
 * and the search stops at the first verified solution. Ties pop oldest first.
 */
export async function bestFirstBody<S>(run: SearchRun<S>, o: BestFirstOptions) {
  const frontier = new PriorityQueue<TreeNode>();
  const seen = new Set<string>();
  const fresh = (node: TreeNode) => {
    if (!o.dedupe || !run.problem.key) return true;
    const key = run.problem.key(run.state(node));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  fresh(run.root);
  frontier.push(run.root, Infinity);
  for (let node = frontier.pop(); node; node = frontier.pop()) {
    const kids = await run.expand(node, proposalCount(o.proposals));
    const values = await run.evaluate(kids);
    const solved = kids.find((kid) => kid.flags.verified === true);
    if (solved) {
      run.visit(solved);
      return { stopReason: 'solved' as const, best: solved };
    }
    kids.forEach((kid, i) => {
      if (!kid.flags.terminal && kid.depth < o.maxDepth && fresh(kid)) frontier.push(kid, values[i]! - o.depthCost * kid.depth);
    });
  }
  return { stopReason: 'exhausted' as const };
}

export const bestFirst: SearchAlgorithm<BestFirstOptions> = defineSearch<BestFirstOptions>({
  name: 'best-first',
  description: 'best-first / A*: priority frontier by value, stops at the first verified solution',
  defaults: BEST_FIRST_DEFAULTS,
  rules: RULES,
  body: (run, o) => bestFirstBody(run, o),
});
