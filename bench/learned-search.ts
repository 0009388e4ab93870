/**
 * Success against model cost for the embedded reasoner's ways of spending compute, on
 * Game of 24: the held-out test puzzles (24.csv ranks 901–1000) and, separately, the hard
 * tail (ranks 1201–1362, the puzzles people solve least often; these are *training*
 * puzzles, so that row measures search, not generalisation).
 *
 *   npx tsx bench/learned-search.ts [--samples 32] [--limit N] [--set test|tail] [--svg docs/learned-search.svg]
 *   npx tsx bench/learned-search.ts --contexts [--set test|tail]   (what the model reads: path vs pruned siblings)
 *   npx tsx bench/learned-search.ts --shard i/n --runs-out part-i.jsonl   (a share of the puzzles, runs kept)
 *   npx tsx bench/learned-search.ts --combine part-*.jsonl [--svg FILE]     (the shards' runs, reported together)
 *
 * Methods (all with the shipped game24-metacot model unless said otherwise):
 *   - greedy in-context search (one sample at T=0);
 *   - k in-context searches at T=1 (k = 1, 2, 4, … --samples): solved when any is;
 *   - model-guided best-first over every legal step (priors and values from the model);
 *   - model-guided PUCT (MCTS reading the model's priors, its values as leaf estimates);
 *   - symbolic best-first with the multiplicative heuristic value (no model at all).
 * Model cost is counted as token positions the network ran (prompt, written and read
 * text, scored steps: prefill + decode) and as wall time. k samples are decoded together
 * in one batch of `--samples`; the cost of the first k is their own tokens, and their
 * wall time that batch's time in proportion to those tokens.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { createContext } from '../src/core/context.js';
import { loadEmbeddedReasoner } from '../src/embedded/reasoner/embedded-reasoner.js';
import { runEmbeddedAttempts } from '../src/embedded/reasoner/embedded-reasoner.js';
import { modelGuide } from '../src/embedded/reasoner/guided-search.js';
import { renderSvg } from '../src/eval/report/render-svg.js';
import { promptFor } from '../src/linearize/tool-trace/tool-trace.js';
import { bestFirst } from '../src/search/best-first.js';
import { mcts } from '../src/search/mcts.js';
import { createArithProblem } from '../src/tasks/arith/arith-problem.js';
import { multHeuristicValue } from '../src/tasks/arith/arith-values.js';
import { symbolicPolicy } from '../src/policies/symbolic-policy.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SAMPLES = Number(option('--samples') ?? 32);
const LIMIT = Number(option('--limit') ?? Infinity);
const SVG = option('--svg');
const MCTS_ITERATIONS = 2000;

const model = loadEmbeddedReasoner();
const all = loadGame24({ split: 'all' });
const ONLY = option('--set');
const sets = [
  { key: 'test', name: 'test 901–1000 (held out)', puzzles: all.filter((p) => p.rank >= 901 && p.rank <= 1000).slice(0, LIMIT) },
  { key: 'tail', name: 'hard tail 1201–1362 (training puzzles)', puzzles: all.filter((p) => p.rank >= 1201 && p.rank <= 1362).slice(0, LIMIT) },
].filter((s) => ONLY === undefined || s.key === ONLY);

/** One method's run on one puzzle: solved or not, and what it cost. */
interface Run { solved: boolean; tokens: number; ms: number; expansions?: number }

if (args.includes('--contexts')) {
  // Model-guided best-first with two contexts: the path alone, and the path with the
  // likelier steps the model valued 0 written before each step as pruned tries.
  for (const set of sets) {
    console.log(`### ${set.name}: ${set.puzzles.length} puzzles\n`);
    console.log('| context | success | model tokens / puzzle | expansions / puzzle | ms / puzzle |');
    console.log('|---|---|---|---|---|');
    for (const context of ['path', 'pruned-siblings'] as const) {
      let solved = 0, tokens = 0, expansions = 0, ms = 0;
      for (const puzzle of set.puzzles) {
        const t0 = performance.now();
        const guide = modelGuide(model, puzzle.numbers, 24, { context });
        const bf = await bestFirst.run(guide.problem, guide.policy, guide.verifier, {}, createContext({ seed: 0 }));
        ms += performance.now() - t0;
        if (bf.verified) solved += 1;
        tokens += guide.processed();
        expansions += expansionsOf(bf.tree.nodes);
      }
      const n = set.puzzles.length;
      console.log(`| ${context} | ${((100 * solved) / n).toFixed(1)}% | ${(tokens / n).toFixed(0)} | ${(expansions / n).toFixed(2)} | ${(ms / n).toFixed(0)} |`);
    }
    console.log('');
  }
  process.exit(0);
}

const ks: number[] = [];
for (let k = 1; k <= SAMPLES; k *= 2) ks.push(k);

interface Point { set: string; method: string; tokens: number; ms: number; success: number }
const points: Point[] = [];
const summary: string[] = [];

/** Every method's run on one puzzle. */
interface PuzzleRuns { rank: number; greedy: Run; sampled: Run[]; guided: Run; puct: Run; symbolic: Run }

async function measure(puzzle: { rank: number; numbers: number[] }): Promise<PuzzleRuns> {
  const prompt = model.tokenizer.encodeLenient(promptFor(puzzle.numbers, 24)).length;
  let t0 = performance.now();
  const [g] = await runEmbeddedAttempts(puzzle.numbers, { model, samples: 1, temperature: 0, seed: 0 });
  const greedy = { solved: g!.solved, tokens: prompt + g!.sample.modelTokens + g!.sample.toolTokens, ms: performance.now() - t0 };

  t0 = performance.now();
  const samples = await runEmbeddedAttempts(puzzle.numbers, { model, samples: SAMPLES, temperature: 1, seed: `bench:${puzzle.rank}` });
  const batchMs = performance.now() - t0;
  const each = samples.map((s) => s.sample.modelTokens + s.sample.toolTokens);
  const total = prompt + each.reduce((a, b) => a + b, 0);
  const sampled = ks.map((k) => {
    const tokens = prompt + each.slice(0, k).reduce((a, b) => a + b, 0);
    return { solved: samples.slice(0, k).some((s) => s.solved), tokens, ms: (batchMs * tokens) / total };
  });

  t0 = performance.now();
  const guide = modelGuide(model, puzzle.numbers, 24);
  const bf = await bestFirst.run(guide.problem, guide.policy, guide.verifier, {}, createContext({ seed: 0 }));
  const guided = { solved: bf.verified, tokens: guide.processed(), ms: performance.now() - t0, expansions: expansionsOf(bf.tree.nodes) };

  t0 = performance.now();
  const guide2 = modelGuide(model, puzzle.numbers, 24);
  const tree = await mcts.run(guide2.problem, guide2.policy, guide2.verifier, { variant: 'puct', iterations: MCTS_ITERATIONS, exploration: 1 }, createContext({ seed: 0 }));
  const puct = { solved: tree.verified, tokens: guide2.processed(), ms: performance.now() - t0, expansions: expansionsOf(tree.tree.nodes) };

  t0 = performance.now();
  const problem = createArithProblem({ numbers: puzzle.numbers, target: 24, rules: 'rational' });
  const sym = await bestFirst.run(problem, symbolicPolicy({ rules: 'rational' }), multHeuristicValue(), {}, createContext({ seed: 0 }));
  const symbolic = { solved: sym.verified, tokens: 0, ms: performance.now() - t0, expansions: expansionsOf(sym.tree.nodes) };
  return { rank: puzzle.rank, greedy, sampled, guided, puct, symbolic };
}

const COMBINE = args.indexOf('--combine');
const RUNS_OUT = option('--runs-out');
const [SHARD, SHARDS] = (option('--shard') ?? '0/1').split('/').map(Number) as [number, number];
if (RUNS_OUT) writeFileSync(RUNS_OUT, '');

for (const set of sets) {
  let rows: PuzzleRuns[] = [];
  if (COMBINE >= 0) {
    // Runs measured in shards (--runs-out), reported together.
    rows = args.slice(COMBINE + 1).filter((a) => !a.startsWith('--') && existsSync(a)).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PuzzleRuns & { set: string }))
      .filter((r) => (r as { set: string }).set === set.key);
  } else {
    const mine = set.puzzles.filter((_, i) => i % SHARDS === SHARD);
    for (const [index, puzzle] of mine.entries()) {
      if (index % 10 === 0) process.stderr.write(`${set.key}: ${index}/${mine.length}\n`);
      const runs = await measure(puzzle);
      rows.push(runs);
      if (RUNS_OUT) appendFileSync(RUNS_OUT, `${JSON.stringify({ set: set.key, ...runs })}\n`);
    }
  }
  if (rows.length > 0) report(set.name, rows);
}

function report(setName: string, rows: PuzzleRuns[]): void {
  const n = rows.length;
  const greedy = rows.map((r) => r.greedy);
  const sampled = ks.map((_, i) => rows.map((r) => r.sampled[i]!));
  const guided = rows.map((r) => r.guided);
  const puct = rows.map((r) => r.puct);
  const symbolic = rows.map((r) => r.symbolic);
  const set = { name: setName };
  const rate = (runs: Run[]) => runs.filter((r) => r.solved).length / Math.max(1, runs.length);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const row = (method: string, runs: Run[]) => {
    const solved = runs.filter((r) => r.solved);
    const exp = runs[0]?.expansions !== undefined ? mean(runs.map((r) => r.expansions!)).toFixed(1) : '–';
    const expSolved = runs[0]?.expansions !== undefined ? mean(solved.map((r) => r.expansions!)).toFixed(1) : '–';
    return `| ${method} | ${(100 * rate(runs)).toFixed(1)}% | ${mean(runs.map((r) => r.tokens)).toFixed(0)} | ${mean(solved.map((r) => r.tokens)).toFixed(0)} | ${mean(runs.map((r) => r.ms)).toFixed(0)} | ${exp} | ${expSolved} |`;
  };
  const lines = [
    `### ${set.name}: ${n} puzzles`,
    '',
    '| method | success | model tokens / puzzle | per solved puzzle | ms / puzzle | expansions / puzzle | per solved |',
    '|---|---|---|---|---|---|---|',
    row('greedy in-context', greedy),
    ...ks.map((k, i) => row(`${k} in-context sample${k === 1 ? '' : 's'} (T=1)`, sampled[i]!)),
    row('model-guided best-first', guided),
    row(`model-guided PUCT (≤ ${MCTS_ITERATIONS} iterations)`, puct),
    row('symbolic best-first, mult-heuristic (no model)', symbolic),
    '',
  ];
  // The paper's comparison: the cost at which the tree search reaches sampling's success.
  for (const [i, k] of ks.entries()) {
    const target = rate(sampled[i]!);
    const cost = costToReach(guided, target, n);
    const samplingCost = mean(sampled[i]!.map((r) => r.tokens));
    lines.push(`- ${k} sample${k === 1 ? '' : 's'}: ${(100 * target).toFixed(1)}% at ${samplingCost.toFixed(0)} tokens/puzzle; model-guided best-first reaches it at ${cost === null ? 'never' : `${cost.toFixed(0)} tokens/puzzle (${(samplingCost / cost).toFixed(1)}x less)`}`);
  }
  lines.push('');
  summary.push(...lines);
  console.log(lines.join('\n'));

  // Curves: sampling is one point per k; a tree search or greedy run gives, for each budget
  // of tokens per puzzle, the share of puzzles it solved within that budget.
  points.push({ set: set.name, method: 'greedy in-context', tokens: mean(greedy.map((r) => r.tokens)), ms: mean(greedy.map((r) => r.ms)), success: rate(greedy) });
  ks.forEach((k, i) => points.push({ set: set.name, method: 'k in-context samples (T=1)', tokens: mean(sampled[i]!.map((r) => r.tokens)), ms: mean(sampled[i]!.map((r) => r.ms)), success: rate(sampled[i]!) }));
  for (const [method, runs] of [['model-guided best-first', guided], ['model-guided PUCT', puct]] as const) {
    for (const budget of budgets(runs)) {
      const capped = runs.map((r) => (r.tokens <= budget ? r : { solved: false, tokens: budget, ms: r.ms * (budget / Math.max(1, r.tokens)) }));
      points.push({ set: set.name, method, tokens: mean(capped.map((r) => r.tokens)), ms: mean(capped.map((r) => r.ms)), success: rate(capped) });
    }
  }
}

/** Token budgets per puzzle at which a tree search's curve is drawn. */
function budgets(runs: Run[]): number[] {
  const max = Math.max(...runs.map((r) => r.tokens));
  const out: number[] = [];
  for (let b = 100; b < max * 1.5; b = Math.round(b * 1.4)) out.push(b);
  return out;
}

/** Mean tokens per puzzle a search needs to solve `target` of the puzzles, each stopped at a common per-puzzle budget; null when it never does. */
function costToReach(runs: Run[], target: number, n: number): number | null {
  for (const budget of [...new Set(runs.map((r) => r.tokens))].sort((a, b) => a - b)) {
    const capped = runs.map((r) => (r.tokens <= budget ? r : { solved: false, tokens: budget }));
    if (capped.filter((r) => r.solved).length / n >= target) return capped.reduce((s, r) => s + r.tokens, 0) / n;
  }
  return null;
}

/** States the search expanded (nodes with children), a policy call each. */
function expansionsOf(nodes: ReadonlyArray<{ id: number; parentId: number | null }>): number {
  return new Set(nodes.filter((n) => n.parentId !== null).map((n) => n.parentId)).size;
}

if (SVG) {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: points as unknown as Record<string, unknown>[] },
    facet: { column: { field: 'set', type: 'nominal', title: null } },
    spec: {
      width: 330, height: 240,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'tokens', type: 'quantitative', scale: { type: 'log' }, title: 'model tokens processed per puzzle (log)' },
        y: { field: 'success', type: 'quantitative', axis: { format: '%' }, title: 'puzzles solved' },
        color: { field: 'method', type: 'nominal', title: null },
      },
    },
    config: { legend: { orient: 'bottom', columns: 2 } },
  };
  writeFileSync(SVG, await renderSvg(spec));
  writeFileSync(SVG.replace(/\.svg$/, '.json'), `${JSON.stringify(points)}\n`);
  console.log(`wrote ${SVG}`);
}
