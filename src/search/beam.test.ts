import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { beam } from './beam.js';
import { reachTargetPolicy, reachTargetProblem, reachTargetValue } from './test-support/reach-target.js';
import { runScripted } from './test-support/run-scripted.js';

describe('beam', () => {
  it('keeps exactly b states per depth, the best-valued ones', async () => {
    const verifier = reachTargetValue({ target: 1000 });
    const result = await beam.run(
      reachTargetProblem({ target: 1000, maxSteps: 12 }),
      reachTargetPolicy({ ops: ['+1', '*2', '+3'] }),
      verifier,
      { breadth: 3, maxDepth: 5, dedupe: false },
      createContext({ seed: 1 }),
    );
    const { nodes, visits } = result.tree;
    expect(result.stopReason).toBe('completed');
    const perDepth = [0, 1, 2, 3, 4].map((d) => visits.filter((id) => nodes[id]!.depth === d).length);
    expect(perDepth).toEqual([1, 3, 3, 3, 3]);
    for (let d = 2; d < 5; d++) {
      const kept = visits.filter((id) => nodes[id]!.depth === d).map((id) => nodes[id]!.scores.value!);
      const dropped = nodes.filter((n) => n.depth === d && n.flags.pruned).map((n) => n.scores.value!);
      expect(dropped.length).toBeGreaterThan(0);
      expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped));
    }
    // One verifier batch per depth, one concurrent policy batch per depth.
    expect(verifier.batches).toEqual([3, 9, 9, 9, 9]);
  });

  it('stops on the first verified proposal, or goes on to maxDepth when told not to', async () => {
    const tree = {
      children: { root: ['a', 'b'], a: ['a1', 'win'], b: ['b1'], a1: ['x'], b1: ['y'] },
      values: { a: 0.9, b: 0.5, a1: 0.5, b1: 0.4 },
      solutions: ['win'],
    };
    const stop = await runScripted(beam, tree, { breadth: 2 });
    expect(stop.result.stopReason).toBe('solved');
    expect(stop.bestState).toBe('win');
    expect(stop.visited).toEqual(['root', 'a', 'b', 'win']);
    const go = await runScripted(beam, tree, { breadth: 2, stopOnSolved: false, maxDepth: 3 });
    expect(go.policy.calls.map((c) => c.state)).toEqual(['root', 'a', 'b', 'a1', 'b1']);
    expect(go.bestState).toBe('win');
    expect(go.result.stopReason).toBe('exhausted');
  });

  it('drops a candidate equal to a better one at the same depth', async () => {
    const tree = { children: { root: ['a', 'b'], a: ['s'], b: ['s', 't'], s: ['u'], t: ['v'] }, values: { a: 0.9, b: 0.8, s: 0.7, t: 0.1 } };
    const { policy } = await runScripted(beam, tree, { breadth: 2, maxDepth: 3 });
    expect(policy.calls.map((c) => c.state)).toEqual(['root', 'a', 'b', 's', 't']);
  });
});
