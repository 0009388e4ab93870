/**
 * Game of 24 search benchmark on the 100 test puzzles (24.csv ranks 901–1000) with the
 * symbolic policy: success and mean policy calls per algorithm; parallel sampling (random
 * rollouts, the checker picks) at N = 1, 2, 4, …; best-first under a sweep of policy-call
 * budgets; the compute ratio at matched success; and the engine's raw speed.
 *
 *   npx tsx bench/game24-search.ts [--value mult-heuristic|sum-heuristic]
 */
import { createContext } from '../src/core/context.js';
import type { Budget } from '../src/core/budget.js';
import type { Json } from '../src/core/json.js';
import { parseSearchSpec } from '../src/search/parse-search-spec.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';
import { game24Problem } from '../src/tasks/game24/game24-problem.js';
import { symbolicPolicyFor, symbolicValue } from '../src/solve/symbolic-setup.js';

const valueName = process.argv.includes('--value') ? process.argv[process.argv.indexOf('--value') + 1]! : 'mult-heuristic';
const puzzles = loadGame24({ split: 'test' });
const problems = puzzles.map(game24Problem);

interface Row { label: string; success: number; calls: number; nodes: number; ms: number }

async function runAll(spec: string, opts: string[] = [], budget: Budget = {}): Promise<Row> {
  const { algorithm, options } = parseSearchSpec(spec, opts);
  let solved = 0, calls = 0, nodes = 0;
  const started = performance.now();
  for (const problem of problems) {
    const policy = symbolicPolicyFor(algorithm.name, problem.rules);
    const verifier = symbolicValue(valueName, problem.rules);
    const ctx = createContext({ seed: `${problem.id}`, budget });
    const result = await algorithm.run(problem, policy, verifier, options as Record<string, Json>, ctx);
    if (result.verified) solved++;
    calls += result.usage.policyCalls;
    nodes += result.tree.nodes.length;
  }
  const label = `${spec}${opts.length ? ` ${opts.join(' ')}` : ''}${budget.maxPolicyCalls !== undefined ? ` (≤${budget.maxPolicyCalls} calls)` : ''}`;
  return { label, success: solved / problems.length, calls: calls / problems.length, nodes: nodes / problems.length, ms: performance.now() - started };
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`.padStart(5);
const print = (r: Row) =>
  console.log(`${r.label.padEnd(44)} ${pct(r.success)}  ${r.calls.toFixed(1).padStart(8)}  ${r.nodes.toFixed(0).padStart(7)}  ${(r.ms / problems.length).toFixed(2).padStart(8)}`);
const header = (title: string) => {
  console.log(`\n${title}`);
  console.log(`${'search'.padEnd(44)} ${'solved'}  ${'calls/pz'.padStart(8)}  ${'nodes/pz'.padStart(7)}  ${'ms/pz'.padStart(8)}`);
};

console.log(`Game of 24, ${problems.length} test puzzles (ranks 901–1000), symbolic policy, value ${valueName}`);

header('Algorithms (no budget)');
for (const spec of ['greedy', 'beam-1', 'beam-5', 'dfs', 'best-first', 'mcts-64', 'puct-64', 'maj-16', 'bon-16']) print(await runAll(spec));

header('Parallel sampling: N random rollouts, the checker picks (best-of-N)');
const sampling: Row[] = [];
for (let n = 1; n <= 256; n *= 2) {
  const row = await runAll(`bon-${n}`);
  sampling.push(row);
  print(row);
}

header('Best-first under a policy-call budget');
const tree: Row[] = [];
for (const b of [3, 4, 5, 6, 8, 10, 12, 16, 24, 32, 48, 64]) {
  const row = await runAll('best-first', [], { maxPolicyCalls: b });
  tree.push(row);
  print(row);
}

// A language model proposes a few sampled steps per call, not every legal one: the same
// sweep with 3 random proposals per expansion is the closer analogue of the paper's setting.
header('Best-first with 3 sampled proposals per expansion, under a policy-call budget');
const sampled: Row[] = [];
for (const b of [3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128]) {
  const row = await runAll('best-first', ['proposals=3'], { maxPolicyCalls: b });
  sampled.push(row);
  print(row);
}

for (const [name, sweep] of [['best-first (all steps)', tree], ['best-first (3 sampled steps)', sampled]] as const) {
  console.log(`\nCompute ratio: policy calls parallel sampling spends / calls ${name} needs for the same success`);
  for (const s of sampling) {
    const match = sweep.find((t) => t.success >= s.success);
    const ratio = match ? `${(s.calls / match.calls).toFixed(1)}x` : 'n/a (tree search never gets there)';
    console.log(`  success ${pct(s.success)}: sampling ${s.calls.toFixed(1).padStart(6)} calls, tree search ${match ? match.calls.toFixed(1).padStart(5) : '    —'} calls  → ratio ${ratio}`);
  }
}

// Engine speed: depth-first search (threshold 0) to the first solution through the full
// search engine (tree recording, events, budget checks, the task's terminal checks) over all
// 1,362 puzzles, counted in expansions (policy calls) and nodes. Rates are per CPU second of
// this process: on a shared machine the wall clock also counts other programs' turns.
// `npx tsx bench/search-overhead.ts --baseline DIR` compares this against an earlier commit.
{
  const all = loadGame24({ split: 'all' }).map(game24Problem);
  const { algorithm, options } = parseSearchSpec('dfs', ['threshold=0']);
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let expansions = 0, nodes = 0;
  const started = performance.now();
  const cpuStart = cpuSeconds();
  for (const problem of all) {
    const result = await algorithm.run(problem, symbolicPolicyFor('dfs', problem.rules), symbolicValue(valueName, problem.rules), options as Record<string, Json>, createContext({ seed: problem.id }));
    expansions += result.usage.policyCalls;
    nodes += result.tree.nodes.length;
  }
  const cpu = cpuSeconds() - cpuStart;
  const wall = (performance.now() - started) / 1000;
  const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
  console.log(`\nEngine speed (dfs to first solution, all ${all.length} puzzles): ${expansions} expansions, ${nodes} nodes in ${cpu.toFixed(2)} cpu-s (${wall.toFixed(2)} wall-s) → ${k(expansions / cpu)} expansions/cpu-s, ${k(nodes / cpu)} nodes/cpu-s (${k(expansions / wall)} expansions/wall-s)`);
}
