/**
 * Meta-STaR data pipeline speed and the revision report, on synthetic searches (no
 * network, no real model):
 * 1. linearize + export: N beam searches (mock model, wrong and right branches) through
 *    `exportDataset` as SFT (mask-wrong-branches), DPO step pairs and PRM step labels;
 * 2. the reward server: batches of 256 completions through `POST /get_reward` in-process,
 *    graded by the math grader (inline and worker pool), with and without the discount;
 * 3. sequential revision on MATH-500's five levels with a simulated model whose chance of
 *    a right answer per attempt falls with the level (it is not a language model: the
 *    figure shows the report, the paper's real figures are 2.45 attempts at level 1 and
 *    5.84 at level 5).
 * Run: npx tsx bench/meta-star-data.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../src/core/context.js';
import { createRandom } from '../src/core/random.js';
import type { TraceTree } from '../src/core/tree-schema.js';
import { exportDataset, type ExportSource } from '../src/training-data/exports/export-dataset.js';
import { searched } from '../src/training-data/exports/test-support/searched.js';
import { attemptsByLevel } from '../src/training-data/generate/attempts-by-level.js';
import type { SearchRecord } from '../src/training-data/generate/search-record.js';
import { mathGrading } from '../src/eval/task-adapters/math-grading.js';
import { createMockModel } from '../src/models/mock-model.js';
import { mathChecker } from '../src/reward-server/completion-scorer.js';
import { createRewardApp } from '../src/reward-server/reward-app.js';
import { revision } from '../src/search/revision.js';
import { loadMathDataset } from '../src/tasks/math/load-math-dataset.js';
import { createTextSearchSetup } from '../src/verifiers/llm/text-search-setup.js';

const N = Number(process.env.SEARCHES ?? 2000);
const dir = await mkdtemp(join(tmpdir(), 'metacot-bench-star-'));

// 1. Exports.
const records: SearchRecord[] = [];
const trees = new Map<string, TraceTree>();
for (let i = 0; i < N; i++) {
  const { tree, record } = await searched(i + 1, i + 2, 'beam-3x3', { misleading: i % 2 === 0 });
  records.push(record);
  trees.set(record.id, tree);
}
const source: ExportSource = { dir: 'synthetic', records, trees, about: {} };
console.log(`export, ${N} beam-3x3 searches (${[...trees.values()].reduce((s, t) => s + t.nodes.length, 0)} nodes):`);
for (const [kind, extra] of [['sft', { sft: { objective: 'mask-wrong-branches' as const } }], ['dpo', { dpo: { pairs: 'step' as const } }], ['prm', {}]] as const) {
  const started = performance.now();
  const r = await exportDataset([source], { kind, out: join(dir, kind), ...extra });
  const ms = performance.now() - started;
  console.log(`  ${kind.padEnd(4)} ${String(r.lines).padStart(6)} lines in ${ms.toFixed(0).padStart(5)} ms  (${((N / ms) * 1000).toFixed(0)} searches/s)`);
}

// 2. Reward server.
console.log('reward server, POST /get_reward with 256 completions per request:');
for (const mode of ['inline', 'pool'] as const) {
  for (const gamma of [1, 0.999]) {
    const grading = mathGrading({ mode });
    const app = createRewardApp({ task: 'math', gamma, check: mathChecker((a, g) => grading.judge(a, g)) });
    const requests = 20;
    let items = 0;
    let started = performance.now();
    // Request 0 warms up (grader and workers); the figure is the other 20.
    for (let r = -1; r < requests; r++) {
      if (r === 0) (items = 0), (started = performance.now());
      const completions = Array.from({ length: 256 }, (_, i) => `Step one.\n\nSo the answer is \\boxed{\\frac{${(r + 1) * 256 + i}}{${i + 2}}}.`);
      const labels = completions.map((_, i) => (i % 3 === 0 ? `${((r + 1) * 256 + i) / (i + 2)}` : `${i}`));
      const res = await app.request('/get_reward', { method: 'POST', body: JSON.stringify({ completions, labels }), headers: { 'content-type': 'application/json' } });
      items += ((await res.json()) as { rewards: number[] }).rewards.length;
    }
    const ms = performance.now() - started;
    console.log(`  grader ${mode.padEnd(6)} gamma ${String(gamma).padEnd(5)} ${items} completions in ${ms.toFixed(0)} ms  (${((items / ms) * 1000).toFixed(0)}/s)`);
    await grading.close();
  }
}

// 3. Revision attempts by level (simulated model).
const math = loadMathDataset('math500');
const pRight = [0.45, 0.33, 0.24, 0.17, 0.11];
const perLevel = 20;
const revRecords: SearchRecord[] = [];
const revTrees = new Map<string, TraceTree>();
for (let level = 1; level <= 5; level++) {
  for (const r of math.filter((m) => String(m.level) === String(level)).slice(0, perLevel)) {
    const random = createRandom(`sim/${r.id}`);
    const model = createMockModel({ respond: () => (random.next() < pRight[level - 1]! ? `So \\boxed{${r.answer}}` : `So \\boxed{wrong}`) });
    const setup = createTextSearchSetup({ question: r.problem, model, verifier: 'none', gold: r.answer });
    const result = await revision.run(setup.problem, setup.policy, setup.verifier, { attempts: 8 }, createContext({ random: createRandom(r.id) }));
    revRecords.push({ id: r.id, prompt: r.problem, gold: r.answer, level, subject: null, answer: result.answer, correct: result.verified, candidates: [] });
    revTrees.set(r.id, result.tree);
  }
}
console.log(`sequential revision (K = 8), simulated model, ${perLevel} MATH-500 problems per level:`);
for (const row of attemptsByLevel(revRecords, revTrees)) console.log(`  level ${row.level}: ${row.meanAttempts.toFixed(2)} attempts, ${row.solved}/${row.problems} solved (p right per attempt ${pRight[Number(row.level) - 1]})`);
await rm(dir, { recursive: true, force: true });
