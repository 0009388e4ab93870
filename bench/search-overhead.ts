/**
 * What the search engine itself costs: node expansions per second with the symbolic Game
 * of 24 policy, walked bare (policy calls only) and through each search algorithm (tree
 * bookkeeping, budget, events, verifier batches). The puzzles get an unreachable target so
 * every search runs its full course; the value is a constant, so only the engine is timed.
 *   npx tsx bench/search-overhead.ts [seconds-per-measure]
 */
import { createContext } from '../src/core/context.js';
import type { Json } from '../src/core/json.js';
import type { Verifier } from '../src/core/reasoning.js';
import { parseSearchSpec } from '../src/search/parse-search-spec.js';
import type { ArithState } from '../src/tasks/arith/arith-state.js';
import { createArithProblem } from '../src/tasks/arith/arith-problem.js';
import { symbolicPolicy } from '../src/tasks/arith/symbolic-policy.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';

const seconds = Number(process.argv[2] ?? 2);
const puzzles = loadGame24({ split: 'test' });
const problems = puzzles.map((p) => createArithProblem({ numbers: p.numbers, target: 1e9, rules: 'rational', task: 'game24' }));
const policy = symbolicPolicy({ rules: 'rational' });
const constant: Verifier<ArithState> = { id: 'constant', kind: 'process', score: async (states) => states.map(() => 0.5) };

async function bareWalk(state: ArithState, ctx: ReturnType<typeof createContext>): Promise<number> {
  if (state.nums.length <= 1) return 0;
  let n = 1;
  for (const step of await policy.propose(state, Infinity, ctx)) n += await bareWalk(step.state, ctx);
  return n;
}

async function measure(label: string, once: (k: number) => Promise<{ expansions: number; nodes: number }>): Promise<void> {
  let expansions = 0, nodes = 0, k = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const r = await once(k++);
    expansions += r.expansions;
    nodes += r.nodes;
  }
  const s = (performance.now() - started) / 1000;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
  console.log(`${label.padEnd(34)} ${fmt(expansions / s)} expansions/s ${fmt(nodes / s)} nodes/s`);
}

console.log(`Game of 24 test puzzles (${problems.length}), symbolic policy, constant value, one core, ${seconds} s each`);
await measure('bare policy walk (no search)', async (k) => {
  const expansions = await bareWalk(problems[k % problems.length]!.initialState(), createContext({ seed: k }));
  return { expansions, nodes: 0 };
});
for (const [spec, opts] of [
  ['dfs', ['threshold=0']],
  ['best-first', ['dedupe=false']],
  ['beam-50', []],
  ['mcts-2000', ['stopOnSolved=false']],
  ['bon-200', []],
] as const) {
  const { algorithm, options } = parseSearchSpec(spec, opts);
  await measure(`${spec} ${opts.join(' ')}`.trim(), async (k) => {
    const result = await algorithm.run(problems[k % problems.length]!, policy, constant, options as Record<string, Json>, createContext({ seed: k }));
    return { expansions: result.usage.policyCalls, nodes: result.tree.nodes.length };
  });
}
