/**
 * Math grader benchmark: accuracy on data/answer_equivalence next to the three Python
 * reference graders, then speed — latency p50/p99 and checks per second over every case,
 * cold (first pass in a fresh process) and warm, in-process and through the worker pool.
 *
 *   npx tsx bench/grader.ts
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
const t0 = performance.now();
const { grade } = await import('../src/verifiers/math-grader/grade.js');
const { GraderPool } = await import('../src/verifiers/math-grader/grader-pool.js');
const { loadCases, loadGradedPairs } = await import('../src/verifiers/math-grader/answer-equivalence-suite.js');
const loadMs = performance.now() - t0;

const graded = loadGradedPairs();
const cases = loadCases();
const all = [...graded, ...cases];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
const fmt = (ms: number) => `${ms < 1 ? ms.toFixed(3) : ms.toFixed(2)} ms`;

// Accuracy.
const right = (set: typeof all) => set.filter((c) => grade(c.gold, c.pred, c.options).equal === c.expected).length;
const wrongEqual = graded.filter((c) => !c.expected && grade(c.gold, c.pred, c.options).equal).length;
console.log('accuracy (labelled pairs)');
console.log(`  graded_pairs.jsonl (${graded.length}): metacot ${((100 * right(graded)) / graded.length).toFixed(1)}% (wrong "equal": ${wrongEqual})`);
for (const k of ['math_verify', 'prm800k', 'qwen25_math'] as const) {
  const n = graded.filter((c) => c.ref![k] === c.expected).length;
  const fp = graded.filter((c) => !c.expected && c.ref![k]).length;
  console.log(`  graded_pairs.jsonl (${graded.length}): ${k.padEnd(11)} ${((100 * n) / graded.length).toFixed(1)}% (wrong "equal": ${fp})`);
}
console.log(`  cases.jsonl (${cases.length}): metacot ${((100 * right(cases)) / cases.length).toFixed(1)}%`);

// Speed, in-process: pass 1 is cold (code not yet optimised, the CAS not yet loaded),
// passes 2-6 are warm. The labelled-accuracy pass above ran first, so the in-process cold
// figure is taken in a fresh worker instead (pool section).
function pass(): number[] {
  return all.map((c) => {
    const s = performance.now();
    grade(c.gold, c.pred, c.options);
    return performance.now() - s;
  });
}
function report(label: string, lat: number[], wallMs?: number): void {
  const sorted = [...lat].sort((a, b) => a - b);
  const total = wallMs ?? sorted.reduce((a, b) => a + b, 0);
  console.log(`  ${label.padEnd(34)} p50 ${fmt(percentile(sorted, 0.5)).padStart(9)}  p99 ${fmt(percentile(sorted, 0.99)).padStart(9)}  ${String(Math.round((1000 * sorted.length) / total)).padStart(6)} checks/s`);
}
const warm: number[] = [];
for (let i = 0; i < 5; i++) warm.push(...pass());
console.log(`\nspeed over all ${all.length} cases (module load ${fmt(loadMs)}; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)})`);
report('in-process, warm (5 passes)', warm);

// Through the pool, one check at a time: a fresh worker's first pass is the cold figure.
const single = new GraderPool({ size: 1, timeoutMs: 5000 });
await single.grade('1', '1'); // wait until the worker has loaded the grader
for (const label of ['pool, 1 worker, cold (first pass)', 'pool, 1 worker, warm']) {
  const lat: number[] = [];
  for (const c of all) {
    const s = performance.now();
    await single.grade(c.gold, c.pred, c.options);
    lat.push(performance.now() - s);
  }
  report(label, lat);
}
await single.close();

// Throughput with everything queued at once.
for (const size of [1, 2]) {
  const pool = new GraderPool({ size, timeoutMs: 5000 });
  await Promise.all(Array.from({ length: size }, () => pool.grade('1', '1')));
  await pool.gradeMany(all);
  const lat: number[] = [];
  const start = performance.now();
  await Promise.all(all.map(async (c) => {
    const s = performance.now();
    await pool.grade(c.gold, c.pred, c.options);
    lat.push(performance.now() - s);
  }));
  report(`pool, ${size} worker(s), all queued (warm)`, lat, performance.now() - start);
  await pool.close();
}
console.log('  (latency of queued checks includes their wait in the queue)');

// Hostile inputs: each must come back (not equal) within the timeout.
const pool = new GraderPool({ size: 2, timeoutMs: 1000 });
await pool.grade('1', '1');
console.log('\nhostile inputs (pool, 1000 ms limit)');
const hostile: Array<[string, string, string]> = [
  ['100000!', '100000!', '100000!+1'],
  ['nested fractions x3000', '\\frac{1}{'.repeat(3000) + '2' + '}'.repeat(3000), '1'],
  ['1 MB sum', '1+'.repeat(500_000) + '1', '500001'],
  ['2^{10^{9}}', '2^{10^{9}}', '2^{10^{9}}+1'],
  ['\\binom{100000}{50000}', '\\binom{100000}{50000}', '1'],
  ['5000!+4999!+...+4801!', Array.from({ length: 200 }, (_, i) => `${5000 - i}!`).join('+'), '1'],
];
for (const [name, gold, pred] of hostile) {
  const s = performance.now();
  const r = await pool.grade(gold, pred);
  console.log(`  ${name.padEnd(24)} ${r.equal ? 'equal' : 'not equal'} (${r.reason}) in ${fmt(performance.now() - s)}`);
}
await pool.close();
// Beyond the labelled pairs: gold answers of the datasets against their own solutions
// (should be equal) and against a copy with its first digit changed (should not be).
const { loadMathDataset } = await import('../src/tasks/math/load-math-dataset.js');
console.log('\ndataset answers');
for (const name of ['math500', 'math', 'omni-math']) {
  const records = loadMathDataset(name);
  const withBox = records.filter((r) => r.solution && /\\boxed/.test(r.solution) && name !== 'omni-math');
  const agree = withBox.filter((r) => grade(r.answer, r.solution!, { extract: 'always' }).equal).length;
  let changed = 0;
  let wrongEqual = 0;
  for (const r of records) {
    const m = /\d/.exec(r.answer);
    if (!m) continue;
    changed++;
    const other = r.answer.slice(0, m.index) + String((Number(m[0]) + 1) % 10) + r.answer.slice(m.index + 1);
    if (grade(r.answer, other).equal) wrongEqual++;
  }
  const solutions = withBox.length > 0 ? `gold = its solution's box ${agree}/${withBox.length}; ` : '';
  console.log(`  ${name.padEnd(10)} ${solutions}first digit changed judged equal ${wrongEqual}/${changed}`);
}
console.log('\nreference: Math-Verify median ~24 ms per check (issue 4)');
