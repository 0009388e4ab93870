/**
 * Scoring speed: 1,000 problems x 64 samples through `metacot score`'s pipeline (answer
 * extraction, grading against gold, clustering by the math grader's equivalence, pass@k,
 * maj@k, bon@k, weighted_bon@k with bootstrap intervals). Samples are synthetic: every
 * gold answer comes with equivalent spellings and wrong answers with theirs, so
 * clustering really has to ask the grader. Wall and CPU time (all threads) are printed:
 * on a shared machine the CPU figure is the steadier one. Run: npx tsx bench/scoring.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../src/core/random.js';
import { readSamplesFile } from '../src/eval/samples-file.js';
import { scoreItems } from '../src/eval/score-items.js';
import { mathEvalTask } from '../src/eval/task-adapters/math-eval-task.js';

const PROBLEMS = Number(process.env.PROBLEMS ?? 1000);
const SAMPLES = Number(process.env.SAMPLES ?? 64);

/**
 * Gold answers with equivalent spellings and wrong answers (each with its own spellings),
 * as functions of a per-problem number so that no two problems share answers (the
 * grader's memo cannot carry verdicts from one problem to the next).
 */
type Family = (n: number) => { gold: string; same: string[]; wrong: string[][] };
const FAMILIES: Family[] = [
  (n) => ({ gold: `\\frac{${n}}{${n + 1}}`, same: [`\\dfrac{${n}}{${n + 1}}`, `${n}/${n + 1}`, `\\frac{${2 * n}}{${2 * n + 2}}`], wrong: [[`\\frac{${n + 1}}{${n}}`, `${n + 1}/${n}`], [`\\frac{${n}}{${n + 2}}`], [`${n}`]] }),
  (n) => ({ gold: `${n}\\sqrt{3}`, same: [`\\sqrt{${3 * n * n}}`, `${n} \\sqrt 3`, `\\sqrt{3} \\cdot ${n}`], wrong: [[`\\sqrt{${3 * n}}`], [`${n + 1}\\sqrt{3}`, `\\sqrt{${3 * (n + 1) * (n + 1)}}`], [`${n}\\sqrt{2}`]] }),
  (n) => ({ gold: `${7 * n}`, same: [`${7 * n}.0`, `$${7 * n}$`, `\\text{${7 * n}}`], wrong: [[`${7 * n + 1}`, `${7 * n + 1}.0`], [`${7 * n - 1}`], [`${70 * n}`]] }),
  (n) => ({ gold: `(${n}, ${n + 2})`, same: [`(${n},${n + 2})`, `\\left(${n}, ${n + 2}\\right)`], wrong: [[`(${n + 2}, ${n})`], [`(${n}, ${n + 3})`, `\\left(${n},${n + 3}\\right)`], [`${n}, ${n + 2}`]] }),
  (n) => ({ gold: `[0, ${n})`, same: [`[0,${n})`, `\\left[0, ${n}\\right)`], wrong: [[`[0, ${n}]`], [`(0, ${n})`, `(0,${n})`], [`[0, ${n + 1})`]] }),
  (n) => ({ gold: `x^2 + ${2 * n}x + ${n * n}`, same: [`(x+${n})^2`, `x^2+${2 * n}x+${n * n}`, `${n * n} + ${2 * n}x + x^2`], wrong: [[`x^2 + ${n * n}`, `${n * n} + x^2`], [`(x-${n})^2`], [`x^2 + ${2 * n}x`]] }),
  (n) => ({ gold: `\\frac{\\pi}{${n + 1}}`, same: [`\\pi/${n + 1}`, `\\frac{1}{${n + 1}}\\pi`], wrong: [[`\\frac{\\pi}{${n + 2}}`, `\\pi/${n + 2}`], [`\\frac{2\\pi}{${n + 1}}`], [`${n + 1}`]] }),
  (n) => ({ gold: `${n}{,}000`, same: [`${n}000`, `${n},000`, `${n}000.0`], wrong: [[`${n}00`, `${n}00.0`], [`${n}0{,}000`, `${n}0000`], [`${n}999`]] }),
];

function buildSamples(): string {
  const random = createRandom('bench-scoring');
  const lines: string[] = [];
  for (let i = 0; i < PROBLEMS; i++) {
    const family = FAMILIES[i % FAMILIES.length]!(2 + Math.floor(i / FAMILIES.length));
    const skill = random.next();
    const completions: string[] = [];
    const scores: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const roll = random.next();
      let answer: string | null;
      let right = false;
      if (roll < 0.04) answer = null;
      else if (roll < 0.04 + 0.9 * skill) {
        const forms = [family.gold, ...family.same];
        answer = forms[random.int(forms.length)]!;
        right = true;
      } else {
        const group = family.wrong[random.int(family.wrong.length)]!;
        answer = group[random.int(group.length)]!;
      }
      completions.push(answer === null ? 'I could not finish this one.' : `We simplify step by step.\n\nSo the answer is $\\boxed{${answer}}$.`);
      scores.push(Math.min(1, Math.max(0, (right ? 0.65 : 0.45) + (random.next() - 0.5) * 0.6)));
    }
    lines.push(JSON.stringify({ id: `p${i}`, input: `Problem ${i}`, gold: family.gold, completions, scores }));
  }
  return `${lines.join('\n')}\n`;
}

async function timeScoring(file: string, mode: 'pool' | 'inline') {
  const task = mathEvalTask({ name: 'bench-math', splits: ['test'], load: () => ({ problems: [], split: 'test', source: 'bench' }), grading: { mode } });
  // Warm the grader: start the workers and load the CAS before the clock starts.
  await task.judge('\\frac{1}{2}', { id: 'warm', index: 0, prompt: '', input: '', gold: '0.5', level: null, subject: null });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const items = await readSamplesFile(file, task, { concurrency: 16 });
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const report = scoreItems(items, { seed: 0 });
  const t2 = performance.now();
  const c2 = process.cpuUsage(c0);
  const cpuJudge = (c1.user + c1.system) / 1000;
  const cpuTotal = (c2.user + c2.system) / 1000;
  await task.close?.();
  const clusters = items.reduce((sum, it) => sum + new Set(it.candidates.map((c) => c.cluster).filter((c) => c >= 0)).size, 0) / items.length;
  return { judge: t1 - t0, metrics: t2 - t1, cpuJudge, cpuMetrics: cpuTotal - cpuJudge, report, clusters };
}

const dir = await mkdtemp(join(tmpdir(), 'metacot-bench-scoring-'));
try {
  const file = join(dir, 'samples.jsonl');
  const g0 = performance.now();
  await writeFile(file, buildSamples());
  console.log(`scoring bench: ${PROBLEMS} problems x ${SAMPLES} samples (${PROBLEMS * SAMPLES} completions), synthetic math answers; built in ${(performance.now() - g0).toFixed(0)} ms`);
  for (const mode of ['pool', 'inline'] as const) {
    const r = await timeScoring(file, mode);
    const total = r.judge + r.metrics;
    console.log(
      `grader ${mode.padEnd(6)}: extract+grade+cluster ${(r.judge / 1000).toFixed(2)} s (cpu ${(r.cpuJudge / 1000).toFixed(2)} s), metrics+bootstrap ${(r.metrics / 1000).toFixed(2)} s (cpu ${(r.cpuMetrics / 1000).toFixed(2)} s), total ${(total / 1000).toFixed(2)} s wall` +
        ` | ${r.clusters.toFixed(1)} answer clusters/problem, mean acc ${(r.report.mean_accuracy * 100).toFixed(1)}%, pass@64 ${(r.report['pass@k']['64']! * 100).toFixed(1)}%, maj@64 ${(r.report['maj@k']['64']! * 100).toFixed(1)}%, bon@64 ${(r.report['bon@k']!['64']! * 100).toFixed(1)}%, weighted_bon@64 ${(r.report['weighted_bon@k']!['64']! * 100).toFixed(1)}%`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
