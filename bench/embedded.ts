/**
 * The embedded reasoner on held-out Game of 24 puzzles (24.csv ranks 901–1000):
 *   1. pass@1 (greedy in-context search) and pass@k (k sampled searches) per trained model;
 *   2. how the searches ended and how right the written values are;
 *   3. sampling speed at batch 1 and 64.
 * Tree search guided by the model against parallel sampling: bench/learned-search.ts.
 *
 *   npx tsx bench/embedded.ts [--puzzles 100] [--k 8] [--model name=path ...]
 *
 * Default models: the shipped checkpoints under models/embedded/.
 */
import { existsSync } from 'node:fs';
import { solvable } from '../src/linearize/tool-trace/board.js';
import { createSolvableMemo } from '../src/tasks/arith/solve-arith.js';
import { runEmbeddedAttempts } from '../src/embedded/reasoner/embedded-reasoner.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';
import { loadEmbeddedModel, shippedModelPath, type EmbeddedModel } from '../src/embedded/model/embedded-model.js';
import { modelArgs } from './model-args.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const puzzlesN = flag('--puzzles', 100);
const K = flag('--k', 8);
const models = modelArgs(args);
if (models.length === 0) {
  for (const name of ['game24-optimal', 'game24-sos', 'game24-metacot']) {
    if (existsSync(shippedModelPath(name))) models.push([name, shippedModelPath(name)]);
  }
}

const test = loadGame24({ split: 'test' }).slice(0, puzzlesN).map((p) => p.numbers);
const solvableMemo = createSolvableMemo();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface PerPuzzle {
  greedy: boolean;
  /** How the greedy search ended: solved, context full, or gave up at the start. */
  end: 'solved' | 'length' | 'gave-up';
  /** Values written in the greedy search against the truth, by numbers left: [right, total]. */
  values: Record<number, [number, number]>;
  greedyTokens: number;
  /** Solved greedily along the first path written: no abandoned step (no search needed). */
  firstPath: boolean;
  sampled: boolean[];
  sampledTokens: number[];
}

async function scoreModel(model: EmbeddedModel): Promise<PerPuzzle[]> {
  const out: PerPuzzle[] = [];
  for (const [i, numbers] of test.entries()) {
    const [g] = await runEmbeddedAttempts(numbers, { model, samples: 1, temperature: 0 });
    const s = await runEmbeddedAttempts(numbers, { model, samples: K, temperature: 1, seed: `bench:${i}` });
    const values: Record<number, [number, number]> = {};
    for (const node of g!.tool.nodes) {
      if (node.value === undefined || node.board.nums.length < 2) continue;
      const k = node.board.nums.length;
      values[k] ??= [0, 0];
      values[k]![0] += (node.value >= 0.5) === solvable(node.board, solvableMemo) ? 1 : 0;
      values[k]![1] += 1;
    }
    const end = g!.solved ? 'solved' : g!.sample.finishReason === 'length' ? 'length' : 'gave-up';
    const firstPath = g!.solved && g!.tool.nodes.length === 4;
    out.push({ greedy: g!.solved, end, values, firstPath, greedyTokens: g!.sample.modelTokens, sampled: s.map((a) => a.solved), sampledTokens: s.map((a) => a.sample.modelTokens) });
  }
  return out;
}

console.log(`held-out: 24.csv ranks 901-${900 + puzzlesN} (${test.length} puzzles), k=${K}, tool-integrated decoding\n`);
console.log('| model | steps | params | pass@1 greedy | pass@1 sampled (T=1, mean of k) | pass@k (k=' + K + ', T=1) | tokens/puzzle (greedy) | tokens per solved (greedy) | seconds |');
console.log('|---|---|---|---|---|---|---|---|---|');
const results = new Map<string, { model: EmbeddedModel; per: PerPuzzle[] }>();
for (const [name, path] of models) {
  const model = loadEmbeddedModel(path);
  const started = performance.now();
  const per = await scoreModel(model);
  results.set(name, { model, per });
  const pass1 = per.filter((p) => p.greedy).length / per.length;
  const passK = per.filter((p) => p.sampled.some(Boolean)).length / per.length;
  const pass1s = per.reduce((s, p) => s + p.sampled.filter(Boolean).length / Math.max(1, p.sampled.length), 0) / per.length;
  const tok = per.reduce((s, p) => s + p.greedyTokens, 0);
  const solved = per.filter((p) => p.greedy).length;
  const meta = model.checkpoint.meta;
  console.log(`| ${name} (${meta.format}, ${meta.objective}) | ${meta.steps} | ${meta.parameters} | ${pct(pass1)} | ${pct(pass1s)} | ${pct(passK)} | ${(tok / per.length).toFixed(0)} | ${solved ? (tok / solved).toFixed(0) : '-'} | ${((performance.now() - started) / 1000).toFixed(0)} |`);
}

// Why greedy searches fail, and how right the values they write are.
console.log('\ngreedy in-context search: how it ended, and the accuracy of the values it wrote');
console.log('| model | solved | of which on the first path | context full | gave up or stopped | value accuracy, 3 numbers left | 2 numbers left |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, { per }] of results) {
  const count = (end: PerPuzzle['end']) => per.filter((p) => p.end === end).length;
  const acc = (k: number) => {
    const [right, total] = per.reduce(([r, t], p) => [r + (p.values[k]?.[0] ?? 0), t + (p.values[k]?.[1] ?? 0)], [0, 0]);
    return total ? `${pct(right / total)} of ${total}` : '-';
  };
  console.log(`| ${name} | ${count('solved')} | ${per.filter((p) => p.firstPath).length} | ${count('length')} | ${count('gave-up')} | ${acc(3)} | ${acc(2)} |`);
}

// Tree search guided by the model against parallel sampling: bench/learned-search.ts.

// Sampling speed.
// The shipped default when it was measured, else the first model.
const first = results.get('game24-metacot') ?? results.values().next().value;
if (first) {
  const { model } = first;
  console.log(`\nsampling speed of ${model.id} (plain sampling, 64 new tokens per sample)`);
  console.log('| batch | tokens/s |');
  console.log('|---|---|');
  for (const batch of [1, 64]) {
    const started = performance.now();
    const out = await model.sample({ prompt: 'Use 4 9 10 13 to make 24.\n', n: batch, temperature: 1, maxTokens: 64, seed: 1, batchSize: batch });
    const tokens = out.reduce((s, o) => s + o.modelTokens, 0);
    console.log(`| ${batch} | ${(tokens / ((performance.now() - started) / 1000)).toFixed(0)} |`);
  }
}
