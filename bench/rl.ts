/**
 * The embedded reasoner before and after RL (and any other checkpoints), in one table:
 *   - Game of 24 test ranks 901–1000 (held out): greedy pass@1, T=1 pass@1 (mean over
 *     --samples searches per puzzle), model tokens per solve (greedy and T=1);
 *   - the hard tail, ranks 1201–1362 (training puzzles: RL sampled from them), greedy;
 *     and how many of those the first model failed greedily each model solves;
 *   - inference against training compute: accuracy (pass@k, unbiased from --samples
 *     searches) against the number of in-context searches k at test time, and the k the
 *     first model needs to match each later model's greedy and T=1 pass@1.
 * Writes the pass@k curves as JSON and an SVG chart with --out DIR.
 *
 *   npx tsx bench/rl.ts --model sft=game24-metacot --model rl=path/to/rl.mct [--samples 16] [--out docs/charts] [--fold | --fold-only]
 *
 * --samples: 1–64. --fold: each model also runs with folded searches (the context folds when
 * it fills and the search goes on, up to FOLDED_CONTEXTS contexts of tokens, with a second look
 * before it gives up), rows "+fold"; --fold-only runs those rows alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmbeddedModel } from '../src/embedded/model/embedded-model.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';
import { evaluateSearches, type PuzzleSearches } from '../src/embedded/training/rl/evaluate-searches.js';
import { renderSvg } from '../src/eval/report/render-svg.js';
import { passAtK } from '../src/eval/pass-at-k.js';
import { modelArgs } from './model-args.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const samples = Number(flag('--samples', '16'));
if (!Number.isInteger(samples) || samples < 1 || samples > 64) {
  console.error('--samples must be an integer from 1 to 64');
  process.exit(2);
}
const folds = args.includes('--fold-only') ? [true] : args.includes('--fold') ? [false, true] : [false];
const outDir = flag('--out', '');
const models = modelArgs(args);
if (models.length === 0) models.push(['sft', 'game24-metacot']);

const all = loadGame24({ split: 'all' });
const toProblem = (p: { numbers: number[] }) => ({ numbers: p.numbers, target: 24, integer: false });
// --limit N: the first N puzzles of each set only (a quick check of the script).
const limit = Number(flag('--limit', '100000'));
const test = all.filter((p) => p.rank >= 901 && p.rank <= 1000).map(toProblem).slice(0, limit);
const tail = all.filter((p) => p.rank >= 1201 && p.rank <= 1362).map(toProblem).slice(0, limit);

interface Row {
  name: string;
  greedy: PuzzleSearches[];
  sampled: PuzzleSearches[];
  tail: PuzzleSearches[];
  seconds: number;
}
const rows: Row[] = [];
for (const fold of folds) {
  for (const [plainName, path] of models) {
    const name = fold ? `${plainName} +fold` : plainName;
    const started = performance.now();
    const model = loadEmbeddedModel(path);
    const log = (what: string) => (done: number) => process.stderr.write(`${name} ${what} ${done}\n`);
    const greedy = await evaluateSearches(model, test, { temperature: 0, samples: 1, seed: 'greedy', fold, onChunk: log('test greedy') });
    const sampled = await evaluateSearches(model, test, { temperature: 1, samples, seed: 'bench-rl', fold, onChunk: log('test T=1') });
    const tailRuns = await evaluateSearches(model, tail, { temperature: 0, samples: 1, seed: 'greedy', fold, onChunk: log('tail greedy') });
    rows.push({ name, greedy, sampled, tail: tailRuns, seconds: (performance.now() - started) / 1000 });
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const sum = (xs: PuzzleSearches[], f: (x: PuzzleSearches) => number) => xs.reduce((s, x) => s + f(x), 0);
const first = rows[0]!;
const failedByFirst = first.tail.map((t, i) => (t.solved === 0 ? i : -1)).filter((i) => i >= 0);
console.log(`Game of 24, test ranks 901–1000 (held out; ${test.length} puzzles); hard tail ranks 1201–1362 (${tail.length} training puzzles); T=1 over ${samples} searches per puzzle`);
console.log(`| model | test greedy pass@1 | test tokens per solve (greedy) | test T=1 pass@1 | test tokens per solve (T=1) | hard tail greedy (training) | of the ${failedByFirst.length} tail puzzles ${first.name} failed greedily |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const gSolved = sum(r.greedy, (x) => x.solved);
  const sSolved = sum(r.sampled, (x) => x.solved);
  const recovered = failedByFirst.filter((i) => r.tail[i]!.solved > 0).length;
  console.log(`| ${r.name} | ${pct(gSolved / test.length)} | ${(sum(r.greedy, (x) => x.tokens) / Math.max(1, gSolved)).toFixed(1)} | ${pct(sSolved / sum(r.sampled, (x) => x.samples))} | ${(sum(r.sampled, (x) => x.tokens) / Math.max(1, sSolved)).toFixed(1)} | ${pct(sum(r.tail, (x) => x.solved) / tail.length)} | ${recovered} (${pct(recovered / Math.max(1, failedByFirst.length))}) |`);
}

// Inference compute against training compute.
const ks = Array.from({ length: samples }, (_, i) => i + 1);
const curve = rows.flatMap((r) => ks.map((k) => ({ model: r.name, k, accuracy: r.sampled.reduce((s, x) => s + passAtK(x.samples, x.solved, k), 0) / test.length })));
console.log(`\npass@k on the test puzzles (unbiased, from ${samples} T=1 searches each), k = ${ks.join(', ')}`);
for (const r of rows) console.log(`| ${r.name} | ${curve.filter((c) => c.model === r.name).map((c) => pct(c.accuracy)).join(' | ')} |`);
for (const r of rows.slice(1)) {
  const greedy = sum(r.greedy, (x) => x.solved) / test.length;
  const t1 = sum(r.sampled, (x) => x.solved) / sum(r.sampled, (x) => x.samples);
  const need = (target: number) => curve.find((c) => c.model === first.name && c.accuracy >= target - 1e-9)?.k;
  console.log(`${first.name} needs k = ${need(t1) ?? `> ${samples}`} searches to match ${r.name}'s T=1 pass@1 (${pct(t1)}), k = ${need(greedy) ?? `> ${samples}`} to match its greedy pass@1 (${pct(greedy)})`);
}
console.log(`\nseconds per model: ${rows.map((r) => `${r.name} ${r.seconds.toFixed(0)}`).join(', ')}`);

if (outDir) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'rl-pass-at-k.json'), `${JSON.stringify(curve, null, 1)}\n`);
  const svg = await renderSvg({
    title: 'Held-out accuracy against in-context searches at test time', width: 420, height: 260, background: 'white', config: { font: 'sans-serif' },
    data: { values: curve },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'k', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'searches per puzzle (k, T=1)' },
      y: { field: 'accuracy', type: 'quantitative', title: 'pass@k, test ranks 901–1000', axis: { format: '.0%' } },
      color: { field: 'model', type: 'nominal' },
    },
  });
  writeFileSync(join(outDir, 'rl-pass-at-k.svg'), svg);
}
