/**
 * The default `solve` path over every puzzle of Game of 24 with numbers 1–13: all 1,820
 * multisets of four numbers, of which 1,362 are solvable (the 24.csv puzzles) and 458 are
 * not. Runs the library `solve()` in-process with no options (the adaptive embedded
 * reasoner) and checks each verdict against exhaustive solvability: every solvable puzzle
 * must be verified, every other one must end "no solution".
 *
 *   npx tsx bench/solve-sweep.ts [--limit N] [--out sweep.jsonl]
 *
 * Prints counts, time per puzzle (p50, p99, max; wall clock and this process's CPU time,
 * which is what one core spends whatever else the machine runs) and model tokens per puzzle.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { isSolvable } from '../src/tasks/arith/solve-arith.js';
import { initialArithState } from '../src/tasks/arith/arith-state.js';
import { fromInteger } from '../src/tasks/arith/rational.js';
import { solve } from '../src/solve/solve.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(option('--limit') ?? Infinity);
const out = option('--out');
if (out) writeFileSync(out, '');

const puzzles: number[][] = [];
for (let a = 1; a <= 13; a++) for (let b = a; b <= 13; b++) for (let c = b; c <= 13; c++) for (let d = c; d <= 13; d++) puzzles.push([a, b, c, d]);

const times: number[] = [];
const cpuTimes: number[] = [];
const tokens: number[] = [];
const counts = { solvable: 0, verified: 0, unsolvable: 0, proven: 0, wrong: 0 };
const byMethod = new Map<string, number>();
let done = 0;
for (const numbers of puzzles.slice(0, limit)) {
  const solvable = isSolvable(initialArithState(numbers.map(fromInteger), 24), 'rational');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await solve(numbers.join(' '));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  times.push(ms);
  cpuTimes.push(cpuMs);
  const attempts = result.attempts;
  tokens.push(attempts.reduce((s, a) => s + a.processedTokens, 0));
  const last = attempts[attempts.length - 1];
  const how = last ? (last.method === 'in-context' ? `in-context T=${last.temperature}` : last.method) : result.model;
  if (solvable) {
    counts.solvable += 1;
    if (result.verdict === 'verified') counts.verified += 1;
    else counts.wrong += 1;
    if (result.verified) byMethod.set(how, (byMethod.get(how) ?? 0) + 1);
  } else {
    counts.unsolvable += 1;
    if (result.verdict === 'no-solution') counts.proven += 1;
    else counts.wrong += 1;
  }
  if (out) appendFileSync(out, `${JSON.stringify({ numbers, solvable, verdict: result.verdict, ms: Math.round(ms), cpuMs: Math.round(cpuMs), attempts })}\n`);
  done += 1;
  if (done % 100 === 0) process.stderr.write(`${done}/${Math.min(limit, puzzles.length)} puzzles, ${counts.wrong} wrong so far\n`);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
console.log(`puzzles: ${times.length} (solvable ${counts.solvable}, unsolvable ${counts.unsolvable})`);
console.log(`verified ${counts.verified}/${counts.solvable}; proven unsolvable ${counts.proven}/${counts.unsolvable}; wrong verdicts ${counts.wrong}`);
console.log(`solved by: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')}`);
console.log(`time per puzzle (ms): p50 ${pct(times, 50).toFixed(0)}, p99 ${pct(times, 99).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, mean ${mean(times).toFixed(0)}`);
console.log(`CPU time per puzzle (ms): p50 ${pct(cpuTimes, 50).toFixed(0)}, p99 ${pct(cpuTimes, 99).toFixed(0)}, max ${Math.max(...cpuTimes).toFixed(0)}, mean ${mean(cpuTimes).toFixed(0)}`);
console.log(`model tokens processed per puzzle: p50 ${pct(tokens, 50)}, p99 ${pct(tokens, 99)}, max ${Math.max(...tokens)}, mean ${mean(tokens).toFixed(0)}`);
