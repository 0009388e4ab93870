import { describe, expect, it } from 'vitest';
import { bestFirst } from './best-first.js';
import { runScripted } from './test-support/run-scripted.js';
import type { ScriptedTree } from './test-support/scripted-tree.js';

describe('best-first', () => {
  it('expands the highest-valued state of the whole frontier and stops at the first verified solution', async () => {
    const tree: ScriptedTree = {
      children: { root: ['a', 'b'], a: ['a1', 'a2'], a1: ['x'], b: ['b1', 'b2'] },
      values: { a: 0.9, b: 0.5, a1: 0.3, a2: 0.2 },
      solutions: ['b1', 'b2', 'x'],
    };
    const { result, policy, bestState, visited } = await runScripted(bestFirst, tree);
    // a first (0.9), then b (0.5 beats a's children at 0.3 and 0.2), whose first child verifies.
    expect(policy.calls.map((c) => c.state)).toEqual(['root', 'a', 'b']);
    expect(visited).toEqual(['root', 'a', 'b', 'b1']);
    expect(result.stopReason).toBe('solved');
    expect(bestState).toBe('b1');
  });

  it('with a depth cost prefers the shallower solution', async () => {
    const tree: ScriptedTree = {
      children: { root: ['a', 'b'], a: ['a1'], a1: ['deep'], b: ['shallow'] },
      values: { a: 0.9, b: 0.6, a1: 0.8 },
      solutions: ['deep', 'shallow'],
    };
    expect((await runScripted(bestFirst, tree)).bestState).toBe('deep');
    expect((await runScripted(bestFirst, tree, { depthCost: 0.3 })).bestState).toBe('shallow');
  });

  it('queues each state once and says exhausted when the space runs out', async () => {
    const tree: ScriptedTree = { children: { root: ['a', 'b'], a: ['c'], b: ['c'], c: [] }, values: { a: 0.9, b: 0.8, c: 0.5 } };
    const { result, policy } = await runScripted(bestFirst, tree);
    expect(policy.calls.map((c) => c.state)).toEqual(['root', 'a', 'b', 'c']);
    expect(result.stopReason).toBe('exhausted');
    const again = await runScripted(bestFirst, tree, { dedupe: false });
    expect(again.policy.calls.map((c) => c.state)).toEqual(['root', 'a', 'b', 'c', 'c']);
  });
});
