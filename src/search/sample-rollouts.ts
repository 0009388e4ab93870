import type { TreeNode } from '../core/tree-schema.js';
import type { SearchRun } from './search-run.js';

/**
 * Draws `n` independent rollouts from `from` (the root by default), one policy step
 * (`count` 1) at a time, until each reaches a terminal state, a dead end or the absolute
 * depth `maxDepth`. Every step becomes a
 * node. The rollouts advance in lockstep, each round one concurrent batch of policy
 * calls, so a seeded run builds the same tree however the calls interleave.
 * Returns the last node of each rollout, in rollout order.
 */
export async function sampleRollouts<S>(run: SearchRun<S>, n: number, maxDepth: number, from: TreeNode = run.root): Promise<TreeNode[]> {
  const tips: TreeNode[] = new Array(n).fill(from);
  const open = (node: TreeNode) => !node.flags.terminal && node.depth < maxDepth;
  let active = tips.map((_, i) => i).filter((i) => open(tips[i]!));
  while (active.length > 0) {
    run.guard();
    const children = await run.expandMany(active.map((i) => tips[i]!), 1);
    const next: number[] = [];
    children.forEach((kids, k) => {
      const i = active[k]!;
      if (kids.length === 0) return; // a dead end: the rollout ends where it is
      tips[i] = kids[0]!;
      if (open(kids[0]!)) next.push(i);
    });
    // A batch cut short by the budget leaves the rest for the next round, whose guard ends the run.
    active = next.concat(active.slice(children.length));
  }
  return tips;
}
