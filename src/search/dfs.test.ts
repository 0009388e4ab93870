import { describe, expect, it } from 'vitest';
import { dfs } from './dfs.js';
import { runScripted } from './test-support/run-scripted.js';
import type { ScriptedTree } from './test-support/scripted-tree.js';

// root → a (0.9), b (0.6), c (0.2); a's children are dead ends; b leads to the solution.
const TREE: ScriptedTree = {
  children: { root: ['c', 'a', 'b'], a: ['a1', 'a2'], a1: [], a2: [], b: ['b0', 'b1'], c: ['c1'] },
  values: { a: 0.9, b: 0.6, c: 0.2, a1: 0.7, a2: 0.55, b0: 0.1, c1: 1 },
  solutions: ['b1', 'c1'],
};

describe('dfs', () => {
  it('enters children best first, backtracks from a spent subtree and prunes below the threshold', async () => {
    const { result, visited, node, bestState } = await runScripted(dfs, TREE, { threshold: 0.5 });
    expect(visited).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b1']);
    expect(result.stopReason).toBe('solved');
    expect(bestState).toBe('b1');
    expect(node('c')!.flags.pruned).toBe(true); // c (0.2) is never entered, though c1 would solve it
    expect(node('a')!.flags.pruned).toBeUndefined();
  });

  it('with threshold 0 it enters every child, and says exhausted when nothing verifies', async () => {
    const noSolution: ScriptedTree = { ...TREE, solutions: [] };
    const { result, visited } = await runScripted(dfs, noSolution, { threshold: 0 });
    expect(visited).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b0', 'b1', 'c', 'c1']);
    expect(result.stopReason).toBe('exhausted');
  });

  it('enters at most maxChildren per state and does not expand past maxDepth', async () => {
    const { visited } = await runScripted(dfs, { ...TREE, solutions: [] }, { threshold: 0, maxChildren: 1 });
    expect(visited).toEqual(['root', 'a', 'a1']);
    const shallow = await runScripted(dfs, TREE, { threshold: 0, maxDepth: 1 });
    expect(shallow.policy.calls.map((c) => c.state)).toEqual(['root']);
  });

  it('checks its options, naming the bad one', () => {
    expect(() => dfs.resolveOptions({ threshold: 1.5 })).toThrow(/threshold/);
    expect(() => dfs.resolveOptions({ proposals: 2, maxChildren: 3 })).toThrow(/maxChildren.*proposals/);
  });
});
