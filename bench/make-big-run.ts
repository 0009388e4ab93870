/**
 * Writes a real evaluation run folder of about a given size, quickly: Countdown puzzles
 * from the project's seeded generator (as many as the size needs), each searched by MCTS
 * with the symbolic policy through `runEval`, the same code path as `metacot eval`
 * (records, trees, config). The run stops once its records and trees reach the size; its
 * config says how many puzzles were selected, like any interrupted run. About 10 MB of run
 * per second of CPU here.
 *
 *   npx tsx bench/make-big-run.ts OUT_DIR SIZE_MB [--search mcts-64]
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRunConfig } from '../src/eval/build-run-config.js';
import { buildSolver } from '../src/eval/build-solver.js';
import type { EvalProblem } from '../src/eval/eval-task.js';
import { runEval } from '../src/eval/run-eval.js';
import { countdownEvalTask } from '../src/eval/task-adapters/countdown-eval-task.js';
import { parseSearchSpec } from '../src/search/parse-search-spec.js';
import { arithPrompt } from '../src/tasks/arith/arith-problem.js';
import { generateCountdown } from '../src/tasks/countdown/generate-countdown.js';

/** Bytes of run (records plus trees) a puzzle takes at least, to size the puzzle list. */
const MIN_BYTES_PER_PUZZLE = 40_000;

export async function makeBigRun(dir: string, targetBytes: number, options: { search?: string; seed?: string } = {}): Promise<{ problems: number; bytes: number; seconds: number }> {
  const started = Date.now();
  const seed = options.seed ?? 'bench';
  const task = countdownEvalTask();
  const count = Math.ceil(targetBytes / MIN_BYTES_PER_PUZZLE);
  const puzzles = generateCountdown('train', count, { seed });
  const problems: EvalProblem[] = puzzles.map((p, index) => ({
    id: p.id,
    index,
    prompt: arithPrompt(p.numbers, p.target, 'integer'),
    input: { numbers: p.numbers, target: p.target },
    gold: p.solution.join(', '),
    level: null,
    subject: null,
  }));
  const spec = options.search ?? 'mcts-64';
  const { algorithm, options: searchOptions } = parseSearchSpec(spec, []);
  const solve = await buildSolver(task, { model: 'symbolic', verifier: null, search: algorithm, options: searchOptions });
  const selection = { levels: null, subjects: null, ids: null, limit: null, sampleSeed: null };
  const config = buildRunConfig({
    task: 'countdown',
    dataset: { problems, split: 'train', source: `generator:countdown(seed=${seed},size=${count},numbers=4,targets=10-100)` },
    selected: problems,
    selection,
    method: { model: 'symbolic', search: algorithm.name, options: searchOptions, verifier: null, budget: {} },
    seed: '0',
    shard: null,
    command: ['bench/make-big-run.ts', dir, String(targetBytes), '--search', spec],
  });
  const controller = new AbortController();
  let bytes = 0;
  let finished = 0;
  await runEval({
    dir, config, task, problems, solve, signal: controller.signal,
    onRecord: async (record) => {
      bytes += Buffer.byteLength(JSON.stringify(record)) + 1 + (record.tree ? (await stat(join(dir, record.tree))).size : 0);
      finished++;
      if (bytes >= targetBytes) controller.abort();
    },
  });
  if (bytes < targetBytes) throw new Error(`${count} puzzles made only ${bytes} bytes of run; raise MIN_BYTES_PER_PUZZLE's estimate`);
  return { problems: finished, bytes, seconds: (Date.now() - started) / 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, mb, flag, search] = process.argv.slice(2);
  if (!dir || !mb || !(Number(mb) > 0)) {
    console.error('usage: npx tsx bench/make-big-run.ts OUT_DIR SIZE_MB [--search mcts-64]');
    process.exit(2);
  }
  const made = await makeBigRun(dir, Number(mb) * 1e6, flag === '--search' && search ? { search } : {});
  console.log(`${dir}: ${made.problems} problems, ${(made.bytes / 1e6).toFixed(1)} MB in ${made.seconds.toFixed(1)} s`);
}
