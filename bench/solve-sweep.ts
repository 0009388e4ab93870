/**
 * The default `solve` path over every puzzle of Game of 24 with numbers 1–13: all 1,820
 * multisets of four numbers, of which 1,362 are solvable (the 24.csv puzzles) and 458 are
 * not. Runs the library `solve()` in-process with no options (the adaptive embedded
 * reasoner) and checks each verdict against exhaustive solvability: every solvable puzzle
 * must be verified, every other one must end "no solution".
 *
 *   npx tsx bench/solve-sweep.ts [--limit N] [--shard i/n] [--skip done.jsonl] [--out sweep.jsonl [--resume]]
 *   npx tsx bench/solve-sweep.ts --summary a.jsonl b.jsonl ...   (shards' records together)
 *
 * Prints counts, time per puzzle (p50, p99, max; wall clock and this process's CPU time,
 * which is what one core spends whatever else the machine runs) and model tokens per puzzle.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isSolvable } from '../src/tasks/arith/solve-arith.js';
import { initialArithState } from '../src/tasks/arith/arith-state.js';
import { fromInteger } from '../src/tasks/arith/rational.js';
import { solve } from '../src/solve/solve.js';
import type { SolveAttempt } from '../src/solve/adaptive.js';

interface SweepRecord { numbers: number[]; solvable: boolean; verdict: string; ms: number; cpuMs: number; attempts: SolveAttempt[] }

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

if (args[0] === '--summary') {
  const records = args.slice(1).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SweepRecord));
  summarize(records);
  process.exit(0);
}

const limit = Number(option('--limit') ?? Infinity);
const [shard, shards] = (option('--shard') ?? '0/1').split('/').map(Number) as [number, number];
const out = option('--out');
const done = new Set<string>();
if (out && args.includes('--resume') && existsSync(out)) {
  for (const line of readFileSync(out, 'utf8').split('\n').filter(Boolean)) done.add((JSON.parse(line) as SweepRecord).numbers.join(' '));
} else if (out) writeFileSync(out, '');
const skip = option('--skip');
if (skip) for (const line of readFileSync(skip, 'utf8').split('\n').filter(Boolean)) done.add((JSON.parse(line) as SweepRecord).numbers.join(' '));

const puzzles: number[][] = [];
for (let a = 1; a <= 13; a++) for (let b = a; b <= 13; b++) for (let c = b; c <= 13; c++) for (let d = c; d <= 13; d++) puzzles.push([a, b, c, d]);
const mine = puzzles.slice(0, limit).filter((_, i) => i % shards === shard).filter((p) => !done.has(p.join(' ')));

const records: SweepRecord[] = [];
for (const [i, numbers] of mine.entries()) {
  const solvable = isSolvable(initialArithState(numbers.map(fromInteger), 24), 'rational');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await solve(numbers.join(' '));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const record: SweepRecord = { numbers, solvable, verdict: result.verdict, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), attempts: result.attempts };
  records.push(record);
  if (out) appendFileSync(out, `${JSON.stringify(record)}\n`);
  if ((i + 1) % 100 === 0) process.stderr.write(`${i + 1}/${mine.length} puzzles\n`);
}
summarize(records);

function summarize(rows: SweepRecord[]): void {
  const counts = { solvable: 0, verified: 0, unsolvable: 0, proven: 0, wrong: 0 };
  const byMethod = new Map<string, number>();
  for (const r of rows) {
    const last = r.attempts[r.attempts.length - 1];
    const how = last ? (last.method === 'in-context' ? `in-context T=${last.temperature}` : last.method) : 'symbolic';
    if (r.solvable) {
      counts.solvable += 1;
      if (r.verdict === 'verified') {
        counts.verified += 1;
        byMethod.set(how, (byMethod.get(how) ?? 0) + 1);
      } else counts.wrong += 1;
    } else {
      counts.unsolvable += 1;
      if (r.verdict === 'no-solution') counts.proven += 1;
      else counts.wrong += 1;
    }
  }
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((x, y) => x - y);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  };
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const line = (name: string, xs: number[]) => `${name}: p50 ${pct(xs, 50)}, p99 ${pct(xs, 99)}, max ${Math.max(...xs)}, mean ${mean(xs).toFixed(0)}`;
  console.log(`puzzles: ${rows.length} (solvable ${counts.solvable}, unsolvable ${counts.unsolvable})`);
  console.log(`verified ${counts.verified}/${counts.solvable}; proven unsolvable ${counts.proven}/${counts.unsolvable}; wrong verdicts ${counts.wrong}`);
  console.log(`solved by: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')}`);
  console.log(line('wall time per puzzle (ms)', rows.map((r) => r.ms)));
  console.log(line('CPU time per puzzle (ms)', rows.map((r) => r.cpuMs)));
  console.log(line('model tokens processed per puzzle', rows.map((r) => r.attempts.reduce((s, a) => s + a.processedTokens, 0))));
  console.log(line('model tokens written per puzzle', rows.map((r) => r.attempts.reduce((s, a) => s + a.generatedTokens, 0))));
}
