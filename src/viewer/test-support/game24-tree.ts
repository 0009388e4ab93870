import { createContext } from '../../core/context.js';
import type { TraceTree } from '../../core/tree-schema.js';
import { bestFirst } from '../../search/best-first.js';
import { sumHeuristicValue } from '../../tasks/arith/arith-values.js';
import { symbolicPolicy } from '../../policies/symbolic-policy.js';
import { game24FromNumbers } from '../../tasks/game24/game24-problem.js';

/**
 * A real search tree from the project's own search: best-first over a Game of 24 puzzle
 * with the symbolic policy (a seeded subset of `proposals` legal steps per expansion) and
 * the sum heuristic as value.
 */
export async function game24Tree(numbers = '2 3 4 6', seed = 7, proposals = 6): Promise<TraceTree> {
  const problem = game24FromNumbers(numbers);
  const ctx = createContext({ seed, budget: { maxPolicyCalls: 60 } });
  const result = await bestFirst.run(problem, symbolicPolicy({ rules: problem.rules }), sumHeuristicValue(), { proposals }, ctx);
  return result.tree;
}

/**
 * A large real tree: exhaustive best-first (every legal step, no de-duplication) on five
 * numbers and an unreachable target, stopped by the policy-call budget. 1,700 calls give
 * 10,004 nodes.
 */
export async function bigArithTree(policyCalls = 1700): Promise<TraceTree> {
  const problem = game24FromNumbers('2 3 5 7 11', 9973);
  const ctx = createContext({ seed: 1, budget: { maxPolicyCalls: policyCalls } });
  const result = await bestFirst.run(problem, symbolicPolicy({ rules: problem.rules }), sumHeuristicValue(), { proposals: 0, dedupe: false }, ctx);
  return result.tree;
}
