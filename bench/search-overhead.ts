/**
 * What the search engine itself costs: node expansions (and nodes) per CPU second with the
 * symbolic Game of 24 policy, walked bare (policy calls only) and through each search
 * algorithm (tree bookkeeping, budget, events, verifier batches, the task's terminal checks).
 *
 *   npx tsx bench/search-overhead.ts [cpu-seconds-per-row] [--baseline DIR]
 *
 * The first search row is issue 2's engine-speed measure: depth-first search (threshold 0)
 * to the first solution on all 1,362 puzzles with the mult heuristic. The other rows give
 * the test puzzles an unreachable target, so every search runs its full course; their value
 * is a constant, so only the engine is timed.
 *
 * Rates are per CPU second of this process, not per wall second: on a shared machine the
 * wall clock counts other programs' turns. Rows run in interleaved rounds and the best round
 * of each is printed, so a busy moment does not land on one row only.
 *
 * `--baseline DIR` runs every row a second time against the engine in DIR, a checkout of an
 * earlier commit (e.g. `git worktree add /tmp/base <commit>`, with node_modules linked in),
 * and prints the two side by side: a before/after comparison from one run, under one load.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Json } from '../src/core/json.js';
import type { SearchProblem, Verifier } from '../src/core/reasoning.js';
import type { ArithState } from '../src/tasks/arith/arith-state.js';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baselineDir = baselineAt >= 0 ? args[baselineAt + 1] : undefined;
if (baselineAt >= 0 && !baselineDir) throw new Error('--baseline needs a directory: a checkout of the commit to compare against');
const positional = args.filter((_, k) => k !== baselineAt && k !== baselineAt + 1);
const seconds = Number(positional[0] ?? 2);
if (!(seconds > 0)) throw new Error(`cpu-seconds-per-row must be a positive number, got '${positional[0]}'`);

/** The engine's modules, loaded from one source tree (this one, or the baseline's). */
async function loadEngine(root: string) {
  const load = (path: string, before?: string) => {
    // A baseline checkout from before a module moved still has it at its former path.
    const at = before && !existsSync(join(root, path)) ? before : path;
    return import(pathToFileURL(join(root, at)).href);
  };
  const [context, spec, arithProblem, policies, values, game24, game24Problem] = await Promise.all([
    load('src/core/context.ts'),
    load('src/search/parse-search-spec.ts'),
    load('src/tasks/arith/arith-problem.ts'),
    load('src/policies/symbolic-policy.ts', 'src/tasks/arith/symbolic-policy.ts'),
    load('src/tasks/arith/arith-values.ts'),
    load('src/tasks/game24/load-game24.ts'),
    load('src/tasks/game24/game24-problem.ts'),
  ]);
  return {
    createContext: context.createContext as typeof import('../src/core/context.js').createContext,
    parseSearchSpec: spec.parseSearchSpec as typeof import('../src/search/parse-search-spec.js').parseSearchSpec,
    createArithProblem: arithProblem.createArithProblem as typeof import('../src/tasks/arith/arith-problem.js').createArithProblem,
    symbolicPolicy: policies.symbolicPolicy as typeof import('../src/policies/symbolic-policy.js').symbolicPolicy,
    randomRolloutPolicy: policies.randomRolloutPolicy as typeof import('../src/policies/symbolic-policy.js').randomRolloutPolicy,
    multHeuristicValue: values.multHeuristicValue as typeof import('../src/tasks/arith/arith-values.js').multHeuristicValue,
    loadGame24: game24.loadGame24 as typeof import('../src/tasks/game24/load-game24.js').loadGame24,
    game24Problem: game24Problem.game24Problem as typeof import('../src/tasks/game24/game24-problem.js').game24Problem,
  };
}

type Rate = { expansions: number; nodes: number };
type Once = (k: number) => Promise<Rate>;

interface Row {
  label: string;
  /** One measure per engine: this tree's, then the baseline's. */
  runs: Once[];
  best: Rate[];
}

/** The rows, built against one engine. */
async function rowsFor(root: string): Promise<{ label: string; once: Once }[]> {
  const e = await loadEngine(root);
  const dataPath = join(resolve('.'), 'data/game24/24.csv');
  const test = e.loadGame24({ split: 'test', path: dataPath });
  const all = e.loadGame24({ split: 'all', path: dataPath }).map(e.game24Problem);
  const unreachable = test.map((p) => e.createArithProblem({ numbers: p.numbers, target: 1e9, rules: 'rational', task: 'game24' }));
  const policy = e.symbolicPolicy({ rules: 'rational' });
  const rollout = e.randomRolloutPolicy({ rules: 'rational' });
  const constant: Verifier<ArithState> = { id: 'constant', kind: 'process', score: async (states) => states.map(() => 0.5) };
  const rows: { label: string; once: Once }[] = [];

  const walk = async (state: ArithState, ctx: ReturnType<typeof e.createContext>): Promise<number> => {
    if (state.nums.length <= 1) return 0;
    let n = 1;
    for (const step of await policy.propose(state, Infinity, ctx)) n += await walk(step.state, ctx);
    return n;
  };
  rows.push({
    label: 'bare policy walk (no search)',
    once: async (k) => ({ expansions: await walk(unreachable[k % unreachable.length]!.initialState(), e.createContext({ seed: k })), nodes: 0 }),
  });

  const search = (label: string, spec: string, opts: string[], problems: SearchProblem<ArithState>[], verifier: () => Verifier<ArithState>, sampling = false) => {
    const { algorithm, options } = e.parseSearchSpec(spec, opts);
    rows.push({
      label,
      once: async (k) => {
        const problem = problems[k % problems.length]!;
        const result = await algorithm.run(problem, sampling ? rollout : policy, verifier(), options as Record<string, Json>, e.createContext({ seed: k }));
        return { expansions: result.usage.policyCalls, nodes: result.tree.nodes.length };
      },
    });
  };
  search('dfs threshold=0, first solution, mult', 'dfs', ['threshold=0'], all, () => e.multHeuristicValue());
  search('dfs threshold=0 (exhaustive)', 'dfs', ['threshold=0'], unreachable, () => constant);
  search('best-first dedupe=false', 'best-first', ['dedupe=false'], unreachable, () => constant);
  search('beam-50', 'beam-50', [], unreachable, () => constant);
  search('mcts-2000 stopOnSolved=false', 'mcts-2000', ['stopOnSolved=false'], unreachable, () => constant);
  search('bon-200 (random rollouts)', 'bon-200', [], unreachable, () => constant, true);
  // The same exhaustive dfs with the task's answer formatting and exact checker stubbed out:
  // the difference to its row is what the task spends on terminal states.
  search('dfs threshold=0, checker stubbed', 'dfs', ['threshold=0'], unreachable.map((p) => ({ ...p, answer: () => null, verify: undefined })), () => constant);
  return rows;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Rate of one round: runs `once` on successive puzzles for `cpu` CPU seconds. */
async function round(once: Once, cpu: number, start: number): Promise<Rate> {
  let expansions = 0, nodes = 0, k = start;
  const began = cpuSeconds();
  let spent = 0;
  while (spent < cpu) {
    const r = await once(k++);
    expansions += r.expansions;
    nodes += r.nodes;
    spent = cpuSeconds() - began;
  }
  return { expansions: expansions / spent, nodes: nodes / spent };
}

const engines = [resolve('.'), ...(baselineDir ? [resolve(baselineDir)] : [])];
const built = await Promise.all(engines.map(rowsFor));
const rows: Row[] = built[0]!.map((row, r) => ({ label: row.label, runs: built.map((b) => b[r]!.once), best: built.map(() => ({ expansions: 0, nodes: 0 })) }));

const ROUNDS = 5;
console.log(`Game of 24, symbolic policy, one core (node ${process.version}); rates per CPU second, best of ${ROUNDS} interleaved rounds, ${seconds} cpu-s per row and engine`);
if (baselineDir) console.log(`before = ${resolve(baselineDir)}, after = ${resolve('.')}`);
const loadNow = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`load average at the start: ${loadNow()} (${cpus().length} cores)`);
for (let r = 0; r < ROUNDS; r++) {
  for (const row of rows) {
    // Alternate which engine goes first, so neither always runs right after the other.
    const order = r % 2 === 0 ? row.runs.map((_, k) => k) : row.runs.map((_, k) => row.runs.length - 1 - k);
    for (const k of order) {
      const rate = await round(row.runs[k]!, seconds / ROUNDS, r * 997);
      if (rate.expansions > row.best[k]!.expansions) row.best[k] = rate;
    }
  }
}
const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
if (!baselineDir) {
  console.log(`${'row'.padEnd(38)} ${'expansions/s'.padStart(12)} ${'nodes/s'.padStart(10)}`);
  for (const { label, best } of rows) console.log(`${label.padEnd(38)} ${fmt(best[0]!.expansions)}   ${fmt(best[0]!.nodes)}`);
} else {
  console.log(`${''.padEnd(38)} ${'expansions per CPU second'.padEnd(36)} nodes per CPU second`);
  console.log(`${'row'.padEnd(38)} ${'before'.padStart(10)} ${'after'.padStart(10)} ${'ratio'.padStart(7)}      ${'before'.padStart(10)} ${'after'.padStart(10)}`);
  for (const { label, best } of rows) {
    const [after, before] = [best[0]!, best[1]!];
    console.log(`${label.padEnd(38)} ${fmt(before.expansions)} ${fmt(after.expansions)} ${`${(after.expansions / before.expansions).toFixed(2)}x`.padStart(7)}      ${fmt(before.nodes)} ${fmt(after.nodes)}`);
  }
}
console.log(`load average at the end: ${loadNow()}`);
