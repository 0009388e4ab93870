/**
 * What the search engine itself costs: node expansions per second with the symbolic Game
 * of 24 policy, walked bare (policy calls only) and through each search algorithm (tree
 * bookkeeping, budget, events, verifier batches). The puzzles get an unreachable target so
 * every search runs its full course; the value is a constant, so only the engine is timed.
 *   npx tsx bench/search-overhead.ts [seconds-per-row]
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

type Once = (k: number) => Promise<{ expansions: number; nodes: number }>;

/** Rate of one timed round: runs `once` on successive puzzles for `ms` milliseconds. */
async function round(once: Once, ms: number): Promise<{ expansions: number; nodes: number }> {
  let expansions = 0, nodes = 0, k = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    const r = await once(k++);
    expansions += r.expansions;
    nodes += r.nodes;
  }
  const s = (performance.now() - started) / 1000;
  return { expansions: expansions / s, nodes: nodes / s };
}

// Rows are measured in interleaved rounds and the best round of each is printed, so a
// busy machine slows every row alike instead of whichever happened to run at a bad moment.
const rows: { label: string; once: Once; best: { expansions: number; nodes: number } }[] = [];
function measure(label: string, once: Once): void {
  rows.push({ label, once, best: { expansions: 0, nodes: 0 } });
}

console.log(`Game of 24 test puzzles (${problems.length}), symbolic policy, constant value, one core, best of 5 rounds in ${seconds} s per row`);
measure('bare policy walk (no search)', async (k) => {
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
  measure(`${spec} ${opts.join(' ')}`.trim(), async (k) => {
    const result = await algorithm.run(problems[k % problems.length]!, policy, constant, options as Record<string, Json>, createContext({ seed: k }));
    return { expansions: result.usage.policyCalls, nodes: result.tree.nodes.length };
  });
}

// The same exhaustive dfs with the task's answer formatting and exact checker stubbed out:
// the difference to the dfs row is what the task spends on terminal states.
{
  const bare = problems.map((p) => ({ ...p, answer: () => null, verify: undefined }));
  const { algorithm, options } = parseSearchSpec('dfs', ['threshold=0']);
  measure('dfs threshold=0, checker stubbed', async (k) => {
    const result = await algorithm.run(bare[k % bare.length]!, policy, constant, options as Record<string, Json>, createContext({ seed: k }));
    return { expansions: result.usage.policyCalls, nodes: result.tree.nodes.length };
  });
}

const ROUNDS = 5;
for (let r = 0; r < ROUNDS; r++) {
  for (const row of rows) {
    const rate = await round(row.once, (seconds * 1000) / ROUNDS);
    if (rate.expansions > row.best.expansions) row.best = rate;
  }
}
const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
for (const { label, best } of rows) console.log(`${label.padEnd(34)} ${fmt(best.expansions)} expansions/s ${fmt(best.nodes)} nodes/s`);
