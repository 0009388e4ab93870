import { createContext } from '../../core/context.js';
import type { TraceTree, TreeNode } from '../../core/tree-schema.js';
import { runSearch } from '../../search/search-run.js';
import { sumHeuristicValue } from '../../tasks/arith/arith-values.js';
import { symbolicPolicy } from '../../tasks/arith/symbolic-policy.js';
import { game24FromNumbers } from '../../tasks/game24/game24-problem.js';

/**
 * A real search tree from the project's own machinery: a Game of 24 puzzle, the symbolic
 * policy, the sum heuristic as value, and a greedy best-first body (expand the highest
 * valued open node, stop at the first verified answer) driven through `runSearch`.
 */
export async function game24Tree(numbers = '2 3 4 6', seed = 7, proposals = 6): Promise<TraceTree> {
  const problem = game24FromNumbers(numbers);
  const ctx = createContext({ seed, budget: { maxPolicyCalls: 60 } });
  const result = await runSearch('best-first', { proposals }, problem, symbolicPolicy({ rules: problem.rules }), sumHeuristicValue(), ctx, async (run) => {
    const open: TreeNode[] = [run.root];
    while (open.length > 0) {
      open.sort((a, b) => (b.scores.value ?? 1) - (a.scores.value ?? 1) || a.id - b.id);
      const node = open.shift()!;
      const kids = await run.expand(node, proposals);
      await run.evaluate(kids);
      const solved = kids.find((k) => k.flags.verified === true);
      if (solved) {
        run.visit(solved);
        return { stopReason: 'solved', best: solved };
      }
      open.push(...kids.filter((k) => !k.flags.terminal));
    }
    return { stopReason: 'exhausted' };
  });
  return result.tree;
}
