import type { TreeNode } from '../core/tree-schema.js';
import { proposalCount, type OptionRules } from './option-rules.js';
import { orderByValue } from './order-by-value.js';
import type { SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type BeamOptions = {
  /** States kept at each depth (ToT's b). */
  breadth: number;
  /** Steps proposed per kept state (0: all the policy can enumerate). */
  proposals: number;
  /** Depth at which the search ends. */
  maxDepth: number;
  /** Keep only one of several candidates with the same `problem.key` at a depth. */
  dedupe: boolean;
  /** Stop as soon as a verified answer appears. */
  stopOnSolved: boolean;
};

export const BEAM_DEFAULTS: BeamOptions = { breadth: 5, proposals: 0, maxDepth: 10, dedupe: true, stopOnSolved: true };

const RULES: OptionRules<BeamOptions> = {
  breadth: { type: 'integer', min: 1, max: 10_000, description: 'states kept per depth' },
  proposals: { type: 'integer', min: 0, max: 10_000, description: 'steps proposed per state (0 = all the policy offers)' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'depth at which the search ends' },
  dedupe: { type: 'boolean', description: 'drop candidates equal (by problem.key) to a better one' },
  stopOnSolved: { type: 'boolean', description: 'stop at the first verified answer' },
};

/** Best `breadth` open candidates by value; the others are flagged as pruned. */
function selectBeam<S>(run: SearchRun<S>, kids: TreeNode[], values: number[], o: BeamOptions): TreeNode[] {
  const seen = new Set<string>();
  const kept: TreeNode[] = [];
  for (const i of orderByValue(values)) {
    const node = kids[i]!;
    if (node.flags.terminal) continue;
    if (o.dedupe && run.problem.key) {
      const key = run.problem.key(run.state(node));
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (kept.length < o.breadth) kept.push(node);
    else node.flags.pruned = true;
  }
  return kept;
}

/**
 * Breadth-first beam search as Tree of Thoughts' BFS: at each depth expand every kept
 * state (one concurrent batch), score all proposals in one verifier batch, keep the best
 * `breadth` by value. Terminal proposals are never kept; a verified one can end the run.
 */
async function beamBody<S>(run: SearchRun<S>, o: BeamOptions) {
  let frontier: TreeNode[] = [run.root];
  for (let depth = 0; depth < o.maxDepth; depth++) {
    const kids = (await run.expandMany(frontier, proposalCount(o.proposals))).flat();
    const values = await run.evaluate(kids);
    const solved = kids.find((node) => node.flags.verified === true);
    if (solved && o.stopOnSolved) {
      run.visit(solved);
      return { stopReason: 'solved' as const, best: solved };
    }
    frontier = selectBeam(run, kids, values, o);
    if (frontier.length === 0) return { stopReason: 'exhausted' as const };
  }
  return { stopReason: 'completed' as const };
}

export const beam: SearchAlgorithm<BeamOptions> = defineSearch<BeamOptions>({
  name: 'beam',
  description: 'breadth-first beam (Tree of Thoughts BFS): keep the best b states per depth',
  defaults: BEAM_DEFAULTS,
  rules: RULES,
  body: (run, o) => beamBody(run, o),
});
