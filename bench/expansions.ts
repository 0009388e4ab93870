/**
 * Symbolic engine speed: node expansions per second on one core. An expansion asks the
 * symbolic policy for every legal step of a state (texts, actions and child states built).
 * Walks the whole game tree of each Game of 24 test puzzle (Rank 901–1000) depth first;
 * a second line counts the bare move generator (no step text), for comparison.
 *   npx tsx bench/expansions.ts [seconds-per-measure]
 */
import { createContext } from '../src/core/context.js';
import { applyMove, forEachMove, type ArithState } from '../src/tasks/arith/arith-state.js';
import { legalSteps } from '../src/tasks/arith/arith-steps.js';
import { symbolicPolicy } from '../src/policies/symbolic-policy.js';
import type { ArithProblem } from '../src/tasks/arith/arith-problem.js';
import { game24Problem } from '../src/tasks/game24/game24-problem.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';

const seconds = Number(process.argv[2] ?? 2);
const problems = loadGame24({ split: 'test' }).map((p) => game24Problem(p));
const starts = problems.map((p) => p.initialState());

function walkSteps(state: ArithState): number {
  if (state.nums.length <= 1) return 0;
  let n = 1;
  for (const step of legalSteps(state, 'rational')) n += walkSteps(step.state);
  return n;
}

// What a search does besides: SearchRun asks the problem whether each child is terminal
// and, for finished ones, for the answer and the exact check.
function walkWithAnswers(problem: ArithProblem, state: ArithState): number {
  if (problem.isTerminal(state)) {
    problem.answer(state);
    problem.verify!(state);
    return 0;
  }
  let n = 1;
  for (const step of legalSteps(state, 'rational')) n += walkWithAnswers(problem, step.state);
  return n;
}

function walkMoves(state: ArithState): number {
  if (state.nums.length <= 1) return 0;
  let n = 1;
  forEachMove(state, 'rational', (move) => {
    n += walkMoves(applyMove(state, move));
  });
  return n;
}

async function walkPolicy(state: ArithState, policy: ReturnType<typeof symbolicPolicy>, ctx: ReturnType<typeof createContext>): Promise<number> {
  if (state.nums.length <= 1) return 0;
  let n = 1;
  for (const step of await policy.propose(state, Infinity, ctx)) n += await walkPolicy(step.state, policy, ctx);
  return n;
}

// CPU time of this process, not wall time: on a shared machine the wall clock counts
// other programs' turns; CPU seconds are what one core spent on this work.
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function measure(name: string, walk: (s: ArithState) => number | Promise<number>): Promise<void> {
  let expansions = 0;
  const started = performance.now();
  const cpuStart = cpuSeconds();
  let k = 0;
  while (cpuSeconds() - cpuStart < seconds) expansions += await walk(starts[k++ % starts.length]!);
  const cpu = cpuSeconds() - cpuStart;
  const wall = (performance.now() - started) / 1000;
  const rate = (x: number) => Math.round(expansions / x).toLocaleString('en-US').padStart(12);
  console.log(`${name.padEnd(44)} ${rate(cpu)} /cpu-s ${rate(wall)} /wall-s  (${expansions.toLocaleString('en-US')} expansions, ${cpu.toFixed(2)} cpu-s)`);
}

const policy = symbolicPolicy({ rules: 'rational' });
const ctx = createContext({ seed: 0 });
console.log(`Game of 24 test puzzles: ${starts.length}; full game trees walked depth first (node ${process.version})`);
console.log(`${'expansions per second'.padEnd(44)} ${'per CPU s'.padStart(12)}        ${'per wall s'.padStart(12)}`);
await measure('symbolic policy.propose (async, all steps)', (s) => walkPolicy(s, policy, ctx));
await measure('legalSteps (text + action + state)', walkSteps);
await measure('bare move generator (no text)', walkMoves);
let next = 0;
await measure('legalSteps + isTerminal/answer/verify', () => {
  const k = next++ % problems.length;
  return walkWithAnswers(problems[k]!, starts[k]!);
});
