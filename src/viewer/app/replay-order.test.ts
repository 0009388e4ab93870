import { describe, expect, it } from 'vitest';
import { birthSteps } from './replay-order.js';

describe('birthSteps', () => {
  it('gives each node the step right after the visit of its parent that created it', () => {
    // root 0 expanded -> 1, 2; node 2 expanded -> 3, 4; node 1 expanded -> 5
    const parents = [-1, 0, 0, 2, 2, 1];
    expect([...birthSteps(parents, [0, 2, 1])]).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it('uses the later visit when a node is expanded twice (MCTS re-selecting a node)', () => {
    // 0 -> 1; 1 visited (-> 2); 0 visited again (-> 3)
    const parents = [-1, 0, 1, 0];
    expect([...birthSteps(parents, [0, 1, 0])]).toEqual([0, 1, 2, 3]);
  });

  it('keeps births monotonic when the trace has fewer visits than expansions', () => {
    const parents = [-1, 0, 0, 1, 1];
    expect([...birthSteps(parents, [0])]).toEqual([0, 1, 1, 1, 1]);
    expect([...birthSteps(parents, [])]).toEqual([0, 0, 0, 0, 0]);
  });
});
