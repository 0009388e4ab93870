import type { Command } from 'commander';
import { join } from 'node:path';
import type { Budget } from '../../core/budget.js';
import { InputError } from '../../core/errors.js';
import { budgetFromFlags } from '../budget-options.js';
import { finishRun, printAttemptsByLevel } from '../run-end.js';
import { addRunOptions, type RunFlags } from '../run-options.js';
import type { CliIo } from '../cli-io.js';
import { isLanguageModelSpec, modelSpecOptions } from '../model-options.js';
import { numberOption } from '../parse-options.js';

interface EvalOptions extends RunFlags {
  task: string;
  split?: string;
  subjects?: string;
  priceIn?: number;
  priceOut?: number;
  json?: boolean;
}

const PRICE = { integer: false, min: 0, max: 1_000_000 };

/** `metacot eval`: a method (model × search) over a dataset into a resumable run folder. */
export function register(program: Command, io: CliIo): void {
  const command = program
    .command('eval')
    .description('Run a method (model x search) over a dataset into a run folder: config, one record per problem, the trees. Re-running the same command resumes.')
    .requiredOption('--task <name>', 'dataset: game24, countdown, math500, math, gsm8k, harp, harp-mcq, omni-math')
    .requiredOption('--model <spec>', 'what proposes steps: symbolic (Game of 24 / Countdown without a model), openai:NAME, gguf:PATH')
    .requiredOption('--search <spec>', 'search algorithm, e.g. best-first, beam-5x5, bon-8, maj-16, mcts-64')
    .option('--split <name>', "dataset split (default: the task's evaluation split)")
    .option('--subjects <list>', 'only these subjects (comma-separated)');
  addRunOptions(command, 'run folder (default: runs/<task>-<search>-<model>[-shard-i-of-n])')
    .addOption(numberOption('--price-in <usd>', 'US$ per million input tokens (for the cost shown while running)', PRICE))
    .addOption(numberOption('--price-out <usd>', 'US$ per million output tokens', PRICE))
    .option('--json', 'print the summary as one JSON object')
    .action(async (options: EvalOptions) => {
      await runEvalCommand(options, io);
    });
}

const list = (raw: string | undefined) => (raw === undefined ? null : raw.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** The work of `metacot eval`, loaded only when the command runs. */
export async function runEvalCommand(options: EvalOptions, io: CliIo): Promise<void> {
  const { resolveEvalTask, buildRunConfig, buildSolver, runEval, selectProblems, shardProblems, scoreItems, itemsFromRecords, progressStats } = await import('../../eval/index.js');
  const { resolveShard, shardRunDir } = await import('../../eval/shard-from-env.js');
  const { parseSearchSpec } = await import('../../search/parse-search-spec.js');

  const task = await resolveEvalTask(options.task);
  const shard = resolveShard(options);
  const { algorithm, options: searchOptions } = parseSearchSpec(options.search, options.searchOpt);
  const budget: Budget = budgetFromFlags(options);
  if (options.sampleSeed !== undefined && options.limit === undefined) throw new InputError('--sample-seed needs --limit (the sample size)');
  const controller = new AbortController();
  const modelOptions = modelSpecOptions(options);
  const languageModel = isLanguageModelSpec(options.model) ? await (await import('../../models/create-language-model.js')).createLanguageModel(options.model, modelOptions) : undefined;
  const solve = await buildSolver(task, { model: options.model, verifier: options.verifier ?? null, search: algorithm, options: searchOptions, signal: controller.signal, modelOptions, ...(languageModel ? { languageModel } : {}) });
  const dataset = await task.load(options.split === undefined ? {} : { split: options.split });
  const selection = {
    levels: list(options.levels),
    subjects: list(options.subjects),
    ids: list(options.ids),
    limit: options.limit ?? null,
    sampleSeed: options.sampleSeed ?? null,
  };
  const selected = selectProblems(dataset.problems, selection);
  if (selected.length === 0) throw new InputError(`no ${task.name} problems match the selection (--levels/--subjects/--ids)`);
  const problems = shardProblems(selected, shard);
  const pricing = options.priceIn !== undefined || options.priceOut !== undefined ? { inputPerMTok: options.priceIn ?? 0, outputPerMTok: options.priceOut ?? 0 } : null;
  const model = options.model;
  const search = algorithm.name;
  const dir = options.out !== undefined
    ? shardRunDir(options.out, shard, options.shards !== undefined)
    : join('runs', `${task.name}-${options.search}-${model}`.replace(/[^A-Za-z0-9._-]+/g, '_') + (shard ? `-shard-${shard.index}-of-${shard.count}` : ''));
  const { ensureOutputFolder } = await import('../output-folder.js');
  ensureOutputFolder(dir, '--out');
  // Each replica's server kind, continuation mechanism and slots, asked now (informational in config.json).
  const serving = languageModel?.describeServing ? await languageModel.describeServing(controller.signal) : null;
  const config = buildRunConfig({
    task: task.name,
    dataset,
    selected,
    selection,
    method: { model, search, options: searchOptions, verifier: options.verifier ?? null, budget },
    seed: options.seed,
    shard,
    command: canonicalCommand(options, dir),
    pricing,
    serving,
  });

  const bar = io.isTTY ? await progressBar() : null;
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let result;
  try {
    result = await runEval({
      dir, config, task, problems, solve, budget,
      concurrency: options.concurrency,
      signal: controller.signal,
      onProgress: (p) => bar?.update(p.done, p.total, progressStats(p, pricing)),
    });
  } finally {
    process.off('SIGINT', onSignal);
    bar?.stop();
  }
  const report = scoreItems(itemsFromRecords(result.records), { seed: options.seed, bootstrap: 0 });
  // Sequential revision: the paper's measure is the attempts a problem needs, by difficulty level.
  const attempts = search === 'revision' ? await revisionAttemptsByLevel(dir) : null;
  const summary = {
    dir,
    task: task.name,
    model,
    search,
    problems: problems.length,
    finished: result.records.length,
    resumed: result.resumed,
    ran: result.ran,
    failed: result.failures.length,
    aborted: result.aborted,
    accuracy: report.accuracy,
    tokens_out_mean: report.compute.tokens_out_mean,
    policy_calls_mean: report.compute.policy_calls_mean,
    ...(attempts ? { attempts_by_level: attempts } : {}),
  };
  if (options.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else {
    const acc = report.accuracy === null ? '-' : `${(report.accuracy * 100).toFixed(1)}% (${result.records.filter((r) => r.correct).length}/${result.records.length})`;
    io.stdout(`${task.name} · ${search} · ${model}: ${result.records.length}/${problems.length} problems, accuracy ${acc}, ${report.compute.tokens_out_mean.toFixed(0)} tokens and ${report.compute.policy_calls_mean.toFixed(1)} policy calls per problem${result.resumed ? ` (${result.resumed} resumed)` : ''}\n`);
    if (attempts) printAttemptsByLevel(io, attempts);
    io.stdout(`run folder: ${dir}  (metacot score ${dir}; metacot report ${dir})\n`);
  }
  finishRun(io, result);
}

/** The command that re-creates this run (flags in a fixed order, defaults written out). */
function canonicalCommand(o: EvalOptions, dir: string): string[] {
  const out = ['metacot', 'eval', '--task', o.task, '--model', o.model, '--search', o.search];
  for (const s of o.searchOpt) out.push('--search-opt', s);
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) out.push(flag, String(value));
  };
  add('--verifier', o.verifier);
  add('--split', o.split);
  add('--seed', o.seed);
  add('--limit', o.limit);
  add('--sample-seed', o.sampleSeed);
  add('--levels', o.levels);
  add('--subjects', o.subjects);
  add('--ids', o.ids);
  add('--shard', o.shard);
  add('--shards', o.shards);
  add('--server-kind', o.serverKind);
  add('--chat-template', o.chatTemplate);
  add('--max-policy-calls', o.maxPolicyCalls);
  add('--max-tokens', o.maxTokens);
  add('--max-verifier-calls', o.maxVerifierCalls);
  add('--timeout', o.timeout);
  add('--out', o.out ?? dir);
  return out;
}

/** A terminal progress bar on stderr: count, ETA, and the running figures. */
async function progressBar() {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: '{bar} {value}/{total} | ETA {eta_formatted} | {stats}', stream: process.stderr, hideCursor: true, etaBuffer: 20, fps: 5 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, stats: string) {
      if (!started) {
        bar.start(total, done, { stats });
        started = true;
      } else bar.update(done, { stats });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

async function revisionAttemptsByLevel(dir: string) {
  const { readRun } = await import('../../eval/read-run.js');
  const { attemptsByLevel } = await import('../../training-data/generate/attempts-by-level.js');
  const run = await readRun(dir, { trees: true });
  return attemptsByLevel(run.records, run.trees);
}
