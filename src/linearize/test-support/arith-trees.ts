import { createContext } from '../../core/context.js';
import type { Json } from '../../core/json.js';
import type { Policy, Verifier } from '../../core/reasoning.js';
import type { TraceTree } from '../../core/tree-schema.js';
import { getSearchAlgorithm } from '../../search/registry.js';
import { createArithProblem } from '../../tasks/arith/arith-problem.js';
import type { ArithRules, ArithState } from '../../tasks/arith/arith-state.js';
import { multHeuristicValue, oracleSolvableValue, sumHeuristicValue } from '../../tasks/arith/arith-values.js';
import { randomRolloutPolicy, symbolicPolicy } from '../../policies/symbolic-policy.js';

export interface TreeCase {
  name: string;
  numbers: number[];
  target: number;
  rules: ArithRules;
  search: string;
  options: Record<string, Json>;
  value: 'sum' | 'mult' | 'oracle';
  policy?: 'symbolic' | 'rollout';
  seed: number;
  budget?: { maxPolicyCalls?: number };
}

/** A real search tree from the project's own algorithms, for round-trip tests. */
export async function arithTree(c: TreeCase): Promise<TraceTree> {
  const problem = createArithProblem({ numbers: c.numbers, target: c.target, rules: c.rules });
  const policy: Policy<ArithState> = c.policy === 'rollout' ? randomRolloutPolicy({ rules: c.rules }) : symbolicPolicy({ rules: c.rules });
  const verifier: Verifier<ArithState> = c.value === 'sum' ? sumHeuristicValue() : c.value === 'mult' ? multHeuristicValue() : oracleSolvableValue({ rules: c.rules });
  const { algorithm, options } = getSearchAlgorithm(c.search);
  const ctx = createContext({ seed: c.seed, ...(c.budget ? { budget: c.budget } : {}) });
  const result = await algorithm.run(problem, policy, verifier, { ...options, ...c.options }, ctx);
  return result.tree;
}

/** Several seeded trees: every algorithm, both games, solved and unsolved, repeated numbers. */
export const TREE_CASES: TreeCase[] = [
  { name: 'dfs sum 4 9 10 13', numbers: [4, 9, 10, 13], target: 24, rules: 'rational', search: 'dfs', options: { threshold: 0.2 }, value: 'sum', seed: 1 },
  { name: 'dfs mult 1 5 5 5 (fractions)', numbers: [1, 5, 5, 5], target: 24, rules: 'rational', search: 'dfs', options: { threshold: 0 }, value: 'mult', seed: 2 },
  { name: 'beam 4 4 10 10 (repeats)', numbers: [4, 4, 10, 10], target: 24, rules: 'rational', search: 'beam', options: { breadth: 5, proposals: 0 }, value: 'mult', seed: 3 },
  { name: 'best-first 3 3 8 8', numbers: [3, 3, 8, 8], target: 24, rules: 'rational', search: 'best-first', options: { proposals: 0 }, value: 'mult', seed: 4 },
  { name: 'mcts countdown', numbers: [44, 19, 35, 2], target: 98, rules: 'integer', search: 'mcts', options: { iterations: 300, proposals: 0 }, value: 'sum', seed: 5 },
  { name: 'best-of-n rollouts countdown', numbers: [25, 5, 2, 7], target: 45, rules: 'integer', search: 'best-of-n', options: { n: 40 }, value: 'sum', policy: 'rollout', seed: 6 },
  { name: 'greedy 2 3 4 6', numbers: [2, 3, 4, 6], target: 24, rules: 'rational', search: 'greedy', options: {}, value: 'oracle', seed: 7 },
  { name: 'dfs unsolvable 1 1 1 1', numbers: [1, 1, 1, 1], target: 24, rules: 'rational', search: 'dfs', options: { threshold: 0, proposals: 4 }, value: 'sum', seed: 8, budget: { maxPolicyCalls: 12 } },
  { name: 'beam oracle 5 5 5 1 (repeats)', numbers: [5, 5, 5, 1], target: 24, rules: 'rational', search: 'beam', options: { breadth: 4, proposals: 0 }, value: 'oracle', seed: 9 },
];
