import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import { SEARCH_ALGORITHMS } from '../../search/registry.js';
import { sumHeuristicValue } from '../../tasks/arith/arith-values.js';
import { symbolicPolicy } from '../../policies/symbolic-policy.js';
import { game24FromNumbers } from '../../tasks/game24/game24-problem.js';
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

describe('birthSteps on the project\'s searches', () => {
  // The searches report each visit and each new node as events, in order: the number of
  // visits before a node's event is when it really appeared.
  it('matches the event order for one-at-a-time searches, and is never late for batched ones', async () => {
    const exact = new Set(['greedy', 'dfs', 'best-first', 'mcts']);
    for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
      const problem = game24FromNumbers('4 9 10 13');
      const actual: number[] = [];
      let visits = 0;
      const ctx = createContext({
        seed: 3,
        budget: { maxPolicyCalls: 40 },
        emit: (e) => {
          if (e.type === 'visit') visits++;
          else if (e.type === 'node') actual[e.node.id] = visits;
        },
      });
      const { tree } = await algorithm.run(problem, symbolicPolicy({ rules: problem.rules }), sumHeuristicValue(), {}, ctx);
      const births = birthSteps(tree.nodes.map((n) => n.parentId ?? -1), tree.visits);
      for (const node of tree.nodes) {
        if (exact.has(name)) expect(births[node.id], `${name} node ${node.id}`).toBe(actual[node.id]);
        else expect(births[node.id]!, `${name} node ${node.id}`).toBeLessThanOrEqual(actual[node.id]!);
      }
    }
  });
});
