import type { Command } from 'commander';
import { basename, extname, join } from 'node:path';
import type { Budget } from '../../core/budget.js';
import { InputError } from '../../core/errors.js';
import { budgetFromFlags } from '../budget-options.js';
import { finishRun, printAttemptsByLevel } from '../run-end.js';
import { addRunOptions, type RunFlags } from '../run-options.js';
import type { CliIo } from '../cli-io.js';
import { isLanguageModelSpec, modelSpecOptions } from '../model-options.js';
import { collect, numberOption, oneOf, RANGES } from '../parse-options.js';

const FORMATS = ['meta-cot', 'optimal-path'] as const;

export interface GenerateFlags extends RunFlags {
  task?: string;
  data?: string;
  problemField?: string;
  answerField?: string;
  idField?: string;
  levelField?: string;
  subjectField?: string;
  format: (typeof FORMATS)[number];
  phrase: string[];
  valueDenominator?: number;
  json?: boolean;
}

const list = (raw: string | undefined) => (raw === undefined ? null : raw.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** `metacot generate`: searches over a problem set into a resumable run folder, plus the linearized traces. */
export function register(program: Command, io: CliIo): void {
  const command = program
    .command('generate')
    .description('Meta-STaR data: search every problem of a task or of your own JSONL/Parquet file with a model, into a resumable run folder (config, records, trees) plus traces.jsonl (linearized searches). Re-running the same command resumes.')
    .option('--task <name>', 'a built-in task: game24, countdown, math500, math, gsm8k, harp, harp-mcq, omni-math')
    .option('--data <file>', 'your own problems: .jsonl, .json (an array) or .parquet (as Hugging Face stores datasets)')
    .option('--problem-field <path>', 'column of the problem text (default: problem, question, prompt, query, input)')
    .option('--answer-field <path>', 'column of the gold answer; a worked solution is cut to its \\boxed{} / #### answer (default: answer, final_answer, gold, target, solution)')
    .option('--id-field <path>', 'column of a unique id (default: id, unique_id, idx, problem_id; else the row number)')
    .option('--level-field <path>', 'column of the difficulty level (default: level, difficulty)')
    .option('--subject-field <path>', 'column of the subject (default: subject, type, category)')
    .requiredOption('--model <spec>', 'what proposes steps: openai:NAME (with --base-url), gguf:PATH, symbolic (Game of 24 / Countdown)')
    .requiredOption('--search <spec>', 'search algorithm, e.g. bon-8, beam-4x4, best-first, mcts-32, revision-4');
  addRunOptions(command, 'run folder (default: runs/generate-<task>-<search>-<model>[-shard-i-of-n])')
    .option('--format <name>', `traces.jsonl format: ${FORMATS.join(', ')}`, oneOf('--format', FORMATS), 'meta-cot')
    .option('--phrase <key=text>', 'a meta-cot phrasing (repeatable), e.g. textDeadEnd="Wait, that is wrong." or switchBranch="Alternatively,"', collect, [])
    .addOption(numberOption('--value-denominator <n>', 'write values as exact multiples of 1/n (the paper: 128)', RANGES.valueDenominator))
    .option('--json', 'print the summary as one JSON object')
    .action(async (flags: GenerateFlags) => {
      await runGenerateCommand(flags, io);
    });
}

/** The work of `metacot generate`, loaded only when the command runs. */
export async function runGenerateCommand(flags: GenerateFlags, io: CliIo): Promise<void> {
  const evalLib = await import('../../eval/index.js');
  const { parseSearchSpec } = await import('../../search/parse-search-spec.js');
  const { parsePhrases } = await import('../../training-data/generate/parse-phrases.js');
  const { writeTraces } = await import('../../training-data/generate/write-traces.js');
  const { attemptsByLevel } = await import('../../training-data/generate/attempts-by-level.js');

  if (flags.task === undefined && flags.data === undefined) throw new InputError("give --task NAME (a built-in task) or --data FILE (your problems; --task then names them)");
  if (flags.sampleSeed !== undefined && flags.limit === undefined) throw new InputError('--sample-seed needs --limit (the sample size)');
  if (flags.data !== undefined && !flags.model.includes(':')) {
    // A file's problems are free-text questions graded as math answers: only a language model answers them.
    throw new InputError(`--data problems are free-text questions that need a language model (openai:NAME, gguf:PATH), got --model '${flags.model}'; --model ${flags.model} plays the built-in puzzle tasks only (--task game24 or countdown, without --data)`);
  }
  const phrases = parsePhrases(flags.phrase);
  const task = flags.data !== undefined ? await fileTask(flags) : await evalLib.resolveEvalTask(flags.task!);
  const { resolveShard, shardRunDir } = await import('../../eval/shard-from-env.js');
  const shard = resolveShard(flags);
  const { algorithm, options: searchOptions } = parseSearchSpec(flags.search, flags.searchOpt);
  const budget: Budget = budgetFromFlags(flags);
  const controller = new AbortController();
  const modelOptions = modelSpecOptions(flags);
  const languageModel = isLanguageModelSpec(flags.model) ? await (await import('../../models/create-language-model.js')).createLanguageModel(flags.model, modelOptions) : undefined;
  const solve = await evalLib.buildSolver(task, { model: flags.model, verifier: flags.verifier ?? null, search: algorithm, options: searchOptions, signal: controller.signal, modelOptions, ...(languageModel ? { languageModel } : {}) });
  const dataset = await task.load({});
  const selection = { levels: list(flags.levels), subjects: null, ids: list(flags.ids), limit: flags.limit ?? null, sampleSeed: flags.sampleSeed ?? null };
  const selected = evalLib.selectProblems(dataset.problems, selection);
  if (selected.length === 0) throw new InputError(`no ${task.name} problems match the selection (--levels/--ids)`);
  const problems = evalLib.shardProblems(selected, shard);
  const dir = flags.out !== undefined
    ? shardRunDir(flags.out, shard, flags.shards !== undefined)
    : join('runs', `generate-${task.name}-${flags.search}-${flags.model}`.replace(/[^A-Za-z0-9._-]+/g, '_') + (shard ? `-shard-${shard.index}-of-${shard.count}` : ''));
  const { ensureOutputFolder } = await import('../output-folder.js');
  ensureOutputFolder(dir, '--out');
  const serving = languageModel?.describeServing ? await languageModel.describeServing(controller.signal) : null;
  const config = evalLib.buildRunConfig({
    task: task.name, dataset, selected, selection, seed: flags.seed, shard,
    method: { model: flags.model, search: algorithm.name, options: searchOptions, verifier: flags.verifier ?? null, budget },
    command: ['metacot', 'generate', ...(flags.task ? ['--task', flags.task] : ['--data', flags.data!]), '--model', flags.model, '--search', flags.search, '--seed', flags.seed, ...(flags.shards !== undefined ? ['--shards', String(flags.shards)] : []), '--out', flags.out ?? dir],
    serving,
  });

  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let result;
  try {
    result = await evalLib.runEval({ dir, config, task, problems, solve, budget, concurrency: flags.concurrency, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSignal);
  }
  const run = await evalLib.readRun(dir, { trees: true });
  const traces = await writeTraces(join(dir, 'traces.jsonl'), run.records, run.trees, {
    format: flags.format,
    ...(phrases ? { phrases } : {}),
    ...(flags.valueDenominator !== undefined ? { valueDenominator: flags.valueDenominator } : {}),
  });
  const attempts = algorithm.name === 'revision' ? attemptsByLevel(run.records, run.trees) : null;
  const solved = run.records.filter((r) => r.correct).length;
  const summary = {
    dir, task: task.name, model: flags.model, search: algorithm.name,
    problems: problems.length, finished: run.records.length, resumed: result.resumed, ran: result.ran, failed: result.failures.length,
    correct: solved, traces: traces.written, verifiedTraces: traces.verified,
    ...(attempts ? { attemptsByLevel: attempts } : {}),
  };
  if (flags.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else {
    io.stdout(`${task.name} · ${algorithm.name} · ${flags.model}: ${run.records.length}/${problems.length} problems searched, ${solved} correct; ${traces.written} traces (${traces.verified} verified) in ${join(dir, 'traces.jsonl')}\n`);
    if (attempts) printAttemptsByLevel(io, attempts);
    io.stdout(`next: metacot export sft --run ${dir} --out data/sft\n`);
  }
  finishRun(io, result);
}

/** The user's problem file as a math task: graded against its gold answers by the math grader. */
async function fileTask(flags: GenerateFlags) {
  const { readProblemFile } = await import('../../training-data/generate/problem-rows.js');
  const { mathEvalTask } = await import('../../eval/task-adapters/math-eval-task.js');
  const path = flags.data!;
  const problems = await readProblemFile(path, {
    ...(flags.problemField ? { problem: flags.problemField } : {}),
    ...(flags.answerField ? { answer: flags.answerField } : {}),
    ...(flags.idField ? { id: flags.idField } : {}),
    ...(flags.levelField ? { level: flags.levelField } : {}),
    ...(flags.subjectField ? { subject: flags.subjectField } : {}),
  });
  if (problems.length === 0) throw new InputError(`--data ${path}: the file holds no rows`);
  const name = flags.task ?? basename(path, extname(path)).replace(/[^A-Za-z0-9._-]+/g, '_');
  return mathEvalTask({ name, splits: ['all'], load: (split) => ({ split, source: path, problems }) });
}
