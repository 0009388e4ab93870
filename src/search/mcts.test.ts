import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import type { TreeNode } from '../core/tree-schema.js';
import { mcts } from './mcts.js';
import { reachTargetPolicy, reachTargetProblem, reachTargetValue } from './test-support/reach-target.js';
import { runScripted } from './test-support/run-scripted.js';
import type { ScriptedTree } from './test-support/scripted-tree.js';

/** Two branches that look equal at first; below `good` everything is worth 0.9, below `bad` 0.1. */
function twoBranches(): ScriptedTree {
  const children: Record<string, string[]> = { root: ['bad', 'good'] };
  const values: Record<string, number> = { bad: 0.5, good: 0.5 };
  for (const side of ['bad', 'good']) {
    const grow = (name: string, depth: number) => {
      if (depth === 3) return;
      children[name] = [`${name}.0`, `${name}.1`];
      for (const kid of children[name]!) {
        values[kid] = side === 'good' ? 0.9 : 0.1;
        grow(kid, depth + 1);
      }
    };
    grow(side, 0);
  }
  return { children, values };
}

const visitsOf = (node: TreeNode | undefined) => node?.scores.visits ?? 0;

describe('mcts', () => {
  it('concentrates visits on the better branch', async () => {
    const { result, node } = await runScripted(mcts, twoBranches(), { iterations: 30 });
    expect(result.stopReason).toBe('completed');
    expect(visitsOf(node('root'))).toBe(30);
    expect(visitsOf(node('good'))).toBeGreaterThan(3 * visitsOf(node('bad')));
    expect(visitsOf(node('good')) + visitsOf(node('bad'))).toBe(30);
  });

  it('keeps N and Q as running counts and means', async () => {
    const { result } = await runScripted(mcts, twoBranches(), { iterations: 20, exploration: 2 });
    const { nodes } = result.tree;
    for (const n of nodes) {
      const kids = nodes.filter((k) => k.parentId === n.id && k.scores.visits !== undefined);
      if (kids.length === 0 || visitsOf(n) === 0) continue;
      // Every backup through n goes on to one child, except the one that simulated n itself before it was expanded.
      const extra = visitsOf(n) - kids.reduce((s, k) => s + visitsOf(k), 0);
      expect(n.parentId === null ? [0] : [0, 1]).toContain(extra);
    }
    // The root is never simulated itself, so its Q is its children's Q weighted by their visits.
    const root = nodes[0]!;
    const kids = nodes.filter((k) => k.parentId === 0);
    expect(root.scores.q!).toBeCloseTo(kids.reduce((s, k) => s + visitsOf(k) * k.scores.q!, 0) / visitsOf(root), 10);
  });

  it('initialises Q from the value estimate before the first backup', async () => {
    const { node } = await runScripted(mcts, twoBranches(), { iterations: 1 });
    // One iteration: root expanded, both children start at Q = 0.5, the first one is simulated.
    expect(node('bad')!.scores).toMatchObject({ visits: 1, q: 0.5 });
    expect(node('good')!.scores).toMatchObject({ visits: 0, q: 0.5 });
  });

  it('PUCT follows the priors where values tie; UCT ignores them', async () => {
    const tree = { ...twoBranches(), values: { bad: 0.5, good: 0.5 }, priors: { bad: 0.95, good: 0.05 } };
    const puct = await runScripted(mcts, tree, { iterations: 20, variant: 'puct', exploration: 1 });
    expect(visitsOf(puct.node('bad'))).toBeGreaterThan(visitsOf(puct.node('good')));
    expect(visitsOf(puct.node('good'))).toBeLessThanOrEqual(2);
    const uct = await runScripted(mcts, tree, { iterations: 20, variant: 'uct' });
    expect(Math.abs(visitsOf(uct.node('bad')) - visitsOf(uct.node('good')))).toBeLessThanOrEqual(2);
  });

  it('with rollouts, simulates by random steps to the end and records them outside the MCTS tree', async () => {
    const policy = reachTargetPolicy({ ops: ['+1', '*2', '+3'] });
    const result = await mcts.run(
      reachTargetProblem({ target: 40, maxSteps: 12 }),
      policy,
      reachTargetValue({ target: 40 }),
      { iterations: 6, rollouts: 2, rolloutDepth: 4, stopOnSolved: false },
      createContext({ seed: 3 }),
    );
    const rolloutNodes = result.tree.nodes.filter((n) => n.parentId !== null && n.scores.visits === undefined);
    expect(rolloutNodes.length).toBeGreaterThan(0);
    expect(policy.calls.filter((c) => c.count === 1).length).toBe(rolloutNodes.length);
    expect(result.tree.nodes[0]!.scores.visits).toBe(6);
  });

  it('stops on the first verified answer unless told otherwise', async () => {
    const tree = { children: { root: ['a', 'b'], a: ['win'], b: ['c'] }, values: { a: 0.9, b: 0.1 }, solutions: ['win'] };
    const stop = await runScripted(mcts, tree, { iterations: 50 });
    expect(stop.result.stopReason).toBe('solved');
    expect(stop.bestState).toBe('win');
    expect(stop.policy.calls.length).toBe(2);
    const go = await runScripted(mcts, tree, { iterations: 50, stopOnSolved: false });
    expect(go.result.stopReason).toBe('completed');
    expect(visitsOf(go.node('win'))).toBeGreaterThan(10);
  });

  it('backs up 0 from a dead end, however promising it looked', async () => {
    const tree = { children: { root: ['trap', 'slow'], trap: [], slow: ['s1'], s1: ['s2'] }, values: { trap: 0.9, slow: 0.4, s1: 0.4, s2: 0.4 } };
    const { node } = await runScripted(mcts, tree, { iterations: 12, exploration: 0.5 });
    expect(node('trap')!.scores.q).toBeLessThan(0.9);
    expect(visitsOf(node('slow'))).toBeGreaterThan(visitsOf(node('trap')));
  });

  it('checks its options, naming the bad one', () => {
    expect(() => mcts.resolveOptions({ variant: 'alphazero' } as never)).toThrow(/'variant' must be one of uct, puct/);
    expect(() => mcts.resolveOptions({ rolloutDepth: 4 })).toThrow(/rolloutDepth.*rollouts/);
    expect(mcts.resolveOptions({ rolloutDepth: 4, rollouts: 1 })).toMatchObject({ rolloutDepth: 4, rollouts: 1 });
    expect(mcts.resolveOptions(mcts.resolveOptions({}))).toEqual(mcts.defaults);
  });
});
