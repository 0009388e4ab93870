import { createContext } from '../../core/context.js';
import type { Json } from '../../core/json.js';
import type { Policy, SearchProblem, Verifier } from '../../core/reasoning.js';
import type { TraceTree } from '../../core/tree-schema.js';
import { getSearchAlgorithm } from '../../search/registry.js';

/**
 * A toy task whose steps are prose paragraphs (two lines each, like a math solution
 * step), so the meta-cot format is tested on text trees and not only on arithmetic.
 */
interface WalkState {
  n: number;
  steps: number;
}

const MOVES = [
  { name: 'add one', apply: (n: number) => n + 1 },
  { name: 'double it', apply: (n: number) => n * 2 },
  { name: 'add three', apply: (n: number) => n + 3 },
];

export async function textTree(search: string, options: Record<string, Json>, target: number, seed: number): Promise<TraceTree> {
  const problem: SearchProblem<WalkState> = {
    id: `walk-${target}`,
    task: 'walk',
    prompt: `Starting from 1, reach exactly ${target}.`,
    initialState: () => ({ n: 1, steps: 0 }),
    isTerminal: (s) => s.n >= target || s.steps >= 6,
    answer: (s) => `The number is ${s.n}.`,
    verify: (s) => s.n === target,
  };
  const policy: Policy<WalkState> = {
    id: 'walk-text',
    async propose(state) {
      return MOVES.map((m) => {
        const n = m.apply(state.n);
        return { text: `We ${m.name}: ${state.n} becomes ${n}.\nSo far we took ${state.steps + 1} steps.`, state: { n, steps: state.steps + 1 } };
      });
    },
  };
  const value: Verifier<WalkState> = {
    id: 'walk-value',
    kind: 'process',
    async score(states) {
      return states.map((s) => (s.n === target ? 1 : s.n > target ? 0 : ((s.n * 7) % 10) / 20 + s.n / target / 2));
    },
  };
  const { algorithm, options: implied } = getSearchAlgorithm(search);
  return (await algorithm.run(problem, policy, value, { ...implied, ...options }, createContext({ seed }))).tree;
}
