/**
 * The embedded reasoner on Stream of Search's Countdown benchmark (seed 4; four numbers
 * from 1–99; `val`: training targets, fresh numbers; `val-target`: the held-out targets),
 * every model on the same problems, constrained tool-integrated decoding:
 *   1. greedy pass@1 (one in-context search), T=1 pass@1 (mean of k) and pass@k;
 *   2. model-written tokens per problem and per solve;
 *   3. how the greedy searches ended, and the accuracy of the values they wrote against
 *      exhaustive solvability (by numbers left);
 *   4. Stream of Search's own scoring: a solve counts only if the trace is a valid path to
 *      the goal, scored max(0, 1 − nodes/1152), beside plain accuracy;
 *   5. where the number representation breaks: greedy accuracy by the size of the largest
 *      intermediate a solution cannot avoid.
 *
 *   npx tsx bench/countdown.ts [--problems 500] [--k 4] [--greedy-only] [--model name=path ...]
 *        [--splits val,val-target] [--out results.json] [--report-only] [--fold]
 *
 * --fold: every search folds its context when it fills and searches on, up to
 * FOLDED_CONTEXTS contexts of model tokens, at the model's folded threshold (rows "+fold").
 * --problems: 1–1000 per split; --k: 1–64. Problems are decoded in batches (runEmbeddedBatch).
 * With --out, results are saved every 50 problems and a rerun continues where it stopped.
 * Default models: the shipped countdown-metacot, plus models/embedded/baselines/countdown-*.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { boardMoves as moves, createBoard, solvable, type Board } from '../src/linearize/tool-trace/board.js';
import { reachesTarget as isWin } from '../src/tasks/arith/arith-state.js';
import { runEmbeddedBatch } from '../src/embedded/reasoner/embedded-reasoner.js';
import { countdownEvalSet, type CountdownEvalSplit } from '../src/embedded/training/countdown-split.js';
import { loadEmbeddedModel, shippedModelPath, type EmbeddedModel } from '../src/embedded/model/embedded-model.js';
import { modelArgs } from './model-args.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number, min: number, max: number) => {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
};
const N = flag('--problems', 500, 1, 1000);
const K = flag('--k', 4, 1, 64);
const greedyOnly = args.includes('--greedy-only');
const fold = args.includes('--fold');
/** Print the tables from --out as saved (finished or not, of any --k), without running anything. */
const reportOnly = args.includes('--report-only');
const outIndex = args.indexOf('--out');
const outPath = outIndex >= 0 ? args[outIndex + 1]! : null;
const splitsIndex = args.indexOf('--splits');
const splits = (splitsIndex >= 0 ? args[splitsIndex + 1]!.split(',') : ['val', 'val-target']) as CountdownEvalSplit[];
if (splits.some((s) => s !== 'val' && s !== 'val-target')) {
  console.error('--splits takes val and/or val-target');
  process.exit(2);
}
const models = modelArgs(args);
if (models.length === 0) {
  for (const name of ['baselines/countdown-optimal', 'baselines/countdown-sos', 'baselines/countdown-metacot-1600', 'countdown-metacot']) {
    if (existsSync(shippedModelPath(name))) models.push([name.replace('baselines/', ''), shippedModelPath(name)]);
  }
}

/** SoS's search budget for four numbers: the nodes of the full tree (6·4 · 3·4 · 1·4 ≈ 1152). */
const SOS_NODES = 1152;

interface PerProblem {
  greedy: boolean;
  end: 'solved' | 'length' | 'gave-up';
  firstPath: boolean;
  /** Operations the greedy search wrote (the nodes it explored). */
  nodes: number;
  greedyTokens: number;
  /** Values written in the greedy search against the truth, by numbers left: [right, total]. */
  values: Record<number, [number, number]>;
  /** The smallest "largest intermediate" over all solutions: how large a number the problem forces. */
  forced: number;
  sampled: boolean[];
  sampledTokens: number[];
  /** Times the greedy search folded its context. */
  folds?: number;
}

interface Result {
  model: string;
  split: CountdownEvalSplit;
  problems: number;
  k: number;
  fold?: boolean;
  meta: { format: unknown; objective: unknown; steps: unknown; parameters: unknown };
  seconds: number;
  per: PerProblem[];
}

/** Min over solutions of the largest number a solution creates (Infinity when unsolvable). */
function forcedSize(board: Board): number {
  if (board.nums.length === 1) return isWin(board) ? 0 : Infinity;
  let best = Infinity;
  for (const m of moves(board)) {
    const r = m.result[0];
    if (r >= best) continue;
    best = Math.min(best, Math.max(r, forcedSize(m.next)));
  }
  return best;
}

/** Scores problems [from, to) of a split; the caller saves after each chunk. */
async function scoreChunk(model: EmbeddedModel, split: CountdownEvalSplit, from: number, to: number): Promise<PerProblem[]> {
  const problems = countdownEvalSet(split, N).slice(from, to).map((p) => ({ numbers: p.numbers, target: p.target, integer: true }));
  const greedy = await runEmbeddedBatch(problems, { model, samples: 1, temperature: 0, fold });
  const sampled = greedyOnly ? problems.map(() => []) : await runEmbeddedBatch(problems, {
    model, samples: K, temperature: 1, fold, seeds: problems.map((_, i) => `bench:${split}:${from + i}`),
  });
  return problems.map((p, i) => {
    const g = greedy[i]![0]!;
    const s = sampled[i]!;
    const values: Record<number, [number, number]> = {};
    for (const node of g.tool.nodes) {
      if (node.value === undefined || node.board.nums.length < 2) continue;
      const left = node.board.nums.length;
      values[left] ??= [0, 0];
      values[left]![0] += (node.value >= 0.5) === solvable(node.board) ? 1 : 0;
      values[left]![1] += 1;
    }
    const nodes = g.tool.nodes.length - 1;
    return {
      greedy: g.solved,
      end: g.solved ? 'solved' : g.sample.finishReason === 'length' ? 'length' : 'gave-up',
      firstPath: g.solved && nodes === 3,
      nodes, greedyTokens: g.sample.modelTokens, values,
      forced: forcedSize(createBoard(p.numbers, p.target, true)),
      sampled: s.map((a) => a.solved), sampledTokens: s.map((a) => a.sample.modelTokens),
      folds: g.sample.folds ?? 0,
    };
  });
}

const CHUNK = 50;
const saved: Result[] = outPath && existsSync(outPath) ? (JSON.parse(readFileSync(outPath, 'utf8')) as Result[]) : [];
const results: Result[] = [];
for (const [plainName, path] of models) {
  const name = fold ? `${plainName} +fold` : plainName;
  const model = loadEmbeddedModel(path);
  for (const split of splits) {
    const k = greedyOnly ? 0 : K;
    const meta = model.checkpoint.meta;
    // A finished or partly finished run of the same settings continues where it stopped.
    let result = saved.find((r) => r.model === name && r.split === split && r.problems === N && (r.k === k || reportOnly));
    if (!result) {
      result = { model: name, split, problems: N, k, ...(fold ? { fold } : {}), meta: { format: meta.format, objective: meta.objective, steps: meta.steps, parameters: meta.parameters }, seconds: 0, per: [] };
      saved.push(result);
    }
    while (!reportOnly && result.per.length < N) {
      const started = performance.now();
      result.per.push(...await scoreChunk(model, split, result.per.length, Math.min(N, result.per.length + CHUNK)));
      result.seconds += (performance.now() - started) / 1000;
      if (outPath) writeFileSync(outPath, JSON.stringify(saved));
      console.error(`${name} ${split}: ${result.per.filter((p) => p.greedy).length}/${result.per.length} greedy, ${result.seconds.toFixed(0)} s`);
    }
    if (result.per.length > 0) results.push(result);
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

console.log(`Countdown (Stream of Search generator, seed 4): ${N} problems per split, k=${K}${greedyOnly ? ' (greedy only)' : ''}, tool-integrated constrained decoding\n`);
console.log('| model (format, objective, steps) | split | problems | greedy pass@1 | SoS score (greedy) | T=1 pass@1 (mean of k) | pass@k (T=1) | tokens/problem (greedy) | tokens per solve (greedy) | tokens per solve (sampled) | seconds |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const solved = r.per.filter((p) => p.greedy).length;
  const tokens = r.per.reduce((s, p) => s + p.greedyTokens, 0);
  const sos = mean(r.per.map((p) => (p.greedy ? Math.max(0, 1 - p.nodes / SOS_NODES) : 0)));
  const sampled = r.k > 0;
  const pass1s = mean(r.per.map((p) => p.sampled.filter(Boolean).length / Math.max(1, p.sampled.length)));
  const passK = r.per.filter((p) => p.sampled.some(Boolean)).length / r.per.length;
  const sTokens = r.per.reduce((s, p) => s + p.sampledTokens.reduce((a, b) => a + b, 0), 0);
  const sSolves = r.per.reduce((s, p) => s + p.sampled.filter(Boolean).length, 0);
  console.log(`| ${r.model} (${r.meta.format}, ${r.meta.objective}, ${r.meta.steps}) | ${r.split} | ${r.per.length} | ${pct(solved / r.per.length)} | ${sos.toFixed(3)} | ${sampled ? pct(pass1s) : '-'} | ${sampled ? pct(passK) : '-'} | ${(tokens / r.per.length).toFixed(0)} | ${solved ? (tokens / solved).toFixed(0) : '-'} | ${sampled && sSolves ? (sTokens / sSolves).toFixed(0) : '-'} | ${r.seconds.toFixed(0)} |`);
}

console.log('\ngreedy searches: how they ended, and the accuracy of the values written (against exhaustive solvability)');
console.log('| model | split | solved | of which on the first path | context (or +fold: token budget) full | gave up | mean nodes | mean folds | value accuracy, 3 numbers left | 2 numbers left |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const count = (end: PerProblem['end']) => r.per.filter((p) => p.end === end).length;
  const acc = (k: number) => {
    const [right, total] = r.per.reduce(([a, t], p) => [a + (p.values[k]?.[0] ?? 0), t + (p.values[k]?.[1] ?? 0)], [0, 0]);
    return total ? `${pct(right / total)} of ${total}` : '-';
  };
  console.log(`| ${r.model} | ${r.split} | ${count('solved')} | ${r.per.filter((p) => p.firstPath).length} | ${count('length')} | ${count('gave-up')} | ${mean(r.per.map((p) => p.nodes)).toFixed(1)} | ${mean(r.per.map((p) => p.folds ?? 0)).toFixed(2)} | ${acc(3)} | ${acc(2)} |`);
}

// A folded greedy search follows the same path whatever its token budget (folds happen when the
// context fills), so its pass@1 under a smaller budget is the share solved within that many tokens.
const folded = results.filter((r) => r.fold);
if (folded.length > 0) {
  const budgets = [256, 512, 768, 1536, 2304, 3072];
  console.log('\nfolded greedy pass@1 within a budget of model-written tokens (the same searches, cut at the budget)');
  console.log(`| model | split | ${budgets.join(' | ')} |`);
  console.log(`|---|---|${budgets.map(() => '---').join('|')}|`);
  for (const r of folded) {
    console.log(`| ${r.model} | ${r.split} | ${budgets.map((b) => pct(r.per.filter((p) => p.greedy && p.greedyTokens <= b).length / r.per.length)).join(' | ')} |`);
  }
}

console.log('\ngreedy pass@1 by the largest intermediate every solution needs (both splits pooled)');
const buckets: [string, number, number][] = [['≤ 100', 0, 100], ['101–200', 101, 200], ['201–1000', 201, 1000], ['> 1000', 1001, Infinity]];
console.log(`| model | ${buckets.map((b) => b[0]).join(' | ')} |`);
console.log(`|---|${buckets.map(() => '---').join('|')}|`);
for (const name of [...new Set(results.map((r) => r.model))]) {
  const per = results.filter((r) => r.model === name).flatMap((r) => r.per);
  const cells = buckets.map(([, lo, hi]) => {
    const inBucket = per.filter((p) => p.forced >= lo && p.forced <= hi);
    return inBucket.length ? `${pct(inBucket.filter((p) => p.greedy).length / inBucket.length)} of ${inBucket.length}` : '-';
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
