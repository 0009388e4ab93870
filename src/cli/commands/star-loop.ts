import type { Command } from 'commander';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { CliIo } from '../cli-io.js';
import { numberOption, RANGES } from '../parse-options.js';

/**
 * `metacot star --train-cmd ... --serve-cmd ...`: the Meta-STaR loop for language models
 * served over HTTP (the embedded model's `star` keeps its own flags). These are the
 * flags this mode adds to the `star` command, and its action.
 */
export interface StarLoopFlags {
  task?: string;
  data?: string;
  problemField?: string;
  answerField?: string;
  idField?: string;
  model: string;
  baseUrl?: string;
  iterations: number;
  trainCmd?: string;
  serveCmd?: string;
  servedName: string;
  serveTimeout: number;
  search: string;
  verifier: string;
  limit?: number;
  sftObjective: string;
  evalTask?: string;
  evalData?: string;
  evalSearch: string;
  evalLimit?: number;
  seed: string;
  dir: string;
  concurrency: number;
  json?: boolean;
}

/** Adds the loop's flags to the existing `star` command. */
export function addStarLoopOptions(command: Command): Command {
  return command
    .option('--train-cmd <cmd>', 'language-model mode: your trainer, run per iteration; placeholders {data} (the SFT train.jsonl), {out} (where to write the model), {model} (the current model), {iteration}, {dir}')
    .option('--serve-cmd <cmd>', 'language-model mode: serves a trained model as an OpenAI-compatible server; placeholders {model} (the trained model), {port}, {name}')
    .option('--task <name>', 'language-model mode: a built-in task to generate on (math500, gsm8k, ...)')
    .option('--data <file>', 'language-model mode: your problems (.jsonl/.parquet) to generate on')
    .option('--problem-field <path>', 'language-model mode: problem column of --data')
    .option('--answer-field <path>', 'language-model mode: answer column of --data')
    .option('--id-field <path>', 'language-model mode: id column of --data')
    .option('--base-url <url>', 'language-model mode: server of the base --model openai:NAME')
    .option('--served-name <name>', 'language-model mode: model name the serving command answers to', 'metacot-star')
    .addOption(numberOption('--serve-timeout <ms>', 'language-model mode: how long a starting server may take', RANGES.positiveTimeoutMs, 600_000))
    .option('--search <spec>', 'language-model mode: search that generates the data', 'bon-4')
    .option('--verifier <name>', 'language-model mode: verifier of the generating search', 'none')
    .addOption(numberOption('--limit <n>', 'language-model mode: problems per iteration', RANGES.limit))
    .option('--sft-objective <name>', 'language-model mode: SFT objective (whole, trace-only, mask-wrong-branches)', 'whole')
    .option('--eval-task <name>', 'language-model mode: built-in task to evaluate on (default: the generation set)')
    .option('--eval-data <file>', 'language-model mode: problems to evaluate on (default: the generation set)')
    .option('--eval-search <spec>', 'language-model mode: search of the evaluation', 'bon-1')
    .addOption(numberOption('--eval-limit <n>', 'language-model mode: problems evaluated', RANGES.limit))
    .option('--dir <folder>', 'language-model mode: the loop folder (iter-<k>/state.json, loop.log)', join('runs', 'star'))
    .addOption(numberOption('--concurrency <n>', 'language-model mode: problems searched at once', RANGES.concurrency, 4));
}

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function runStarLoopCommand(flags: StarLoopFlags, io: CliIo): Promise<void> {
  if (!flags.serveCmd) throw new InputError('--train-cmd needs --serve-cmd (how a trained model is served for the next iteration and the evaluation)');
  if (!flags.task && !flags.data) throw new InputError('--train-cmd needs --task NAME or --data FILE (the problems to generate on)');
  if (!/^[a-z]+:/.test(flags.model)) throw new InputError(`with --train-cmd, --model is the base language model (openai:NAME with --base-url), got '${flags.model}'`);
  (await import('../output-folder.js')).ensureOutputFolder(flags.dir, '--dir');
  const { runStarLoop, fillCommand, runCommand, startBackground, waitForHttp } = await import('../../training-data/star-loop/index.js');
  const { runGenerateCommand } = await import('./generate.js');
  const { runExportCommand } = await import('./export.js');
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);

  const captured = () => {
    let out = '';
    const sub: CliIo = { stdout: (t) => void (out += t), stderr: (t) => io.stderr(t), isTTY: false };
    return { io: sub, json: () => JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown> };
  };
  /** Runs `fn` against the model: the base model as given, a trained one behind the serving command. */
  const withModel = async <T>(model: Record<string, unknown>, log: (line: string) => void, fn: (spec: string, baseUrl: string | undefined) => Promise<T>): Promise<T> => {
    if (typeof model.path !== 'string') return fn(String(model.spec), model.baseUrl as string | undefined);
    const port = await freePort();
    const command = fillCommand(flags.serveCmd!, { model: model.path, port, name: flags.servedName });
    log(`serving: ${command}`);
    const server = startBackground(command, { onLine: (l) => log(`server: ${l}`) });
    try {
      const baseUrl = `http://127.0.0.1:${port}/v1`;
      await waitForHttp(`${baseUrl}/models`, { timeoutMs: flags.serveTimeout, exited: server.exited, signal: controller.signal });
      return await fn(`openai:${flags.servedName}`, baseUrl);
    } finally {
      await server.stop();
    }
  };
  const problemFlags = (task?: string, data?: string) => ({
    ...(task ? { task } : {}),
    ...(data ? { data } : {}),
    ...(data && flags.problemField ? { problemField: flags.problemField } : {}),
    ...(data && flags.answerField ? { answerField: flags.answerField } : {}),
    ...(data && flags.idField ? { idField: flags.idField } : {}),
  });
  const searchRun = async (spec: string, baseUrl: string | undefined, search: string, out: string, seed: string, limit: number | undefined, task?: string, data?: string) => {
    const c = captured();
    await runGenerateCommand({
      ...problemFlags(task, data), model: spec, ...(baseUrl ? { baseUrl } : {}), search, searchOpt: [], verifier: flags.verifier,
      out, seed, ...(limit ? { limit } : {}), concurrency: flags.concurrency, format: 'meta-cot', phrase: [], json: true,
    }, c.io);
    return c.json();
  };

  try {
    const report = await runStarLoop({
      dir: flags.dir,
      iterations: flags.iterations,
      model: { spec: flags.model, ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}) },
      signal: controller.signal,
      onLog: flags.json ? undefined : (line) => io.stderr(`${line}\n`),
      steps: {
        generate: (ctx) => withModel(ctx.model, ctx.log, (spec, baseUrl) => searchRun(spec, baseUrl, flags.search, join(ctx.dir, 'generate'), `${flags.seed}/${ctx.iteration}`, flags.limit, flags.task, flags.data)),
        export: async (ctx) => {
          const c = captured();
          await runExportCommand('sft', {
            run: [join(ctx.dir, 'generate')], out: join(ctx.dir, 'sft'), format: 'meta-cot', phrase: [], objective: flags.sftObjective as never,
            flavor: 'trl', pairs: 'trace', labels: 'outcomes', dedupe: true, ngram: 13, json: true,
          }, c.io);
          const summary = c.json();
          if (summary.lines === 0) throw new Error('no verified searches to train on this iteration (a stronger search or more problems would find some)');
          return summary;
        },
        train: async (ctx) => {
          const out = join(ctx.dir, 'model');
          const command = fillCommand(flags.trainCmd!, { data: join(ctx.dir, 'sft', 'train.jsonl'), out, model: String(ctx.model.path ?? ctx.model.spec), iteration: ctx.iteration, dir: ctx.dir });
          ctx.log(`training: ${command}`);
          await runCommand(command, { onLine: ctx.log, signal: controller.signal });
          return { command, model: { path: out } };
        },
        evaluate: async (ctx) => {
          const trained = ctx.results.train!.model as Record<string, unknown>;
          const summary = await withModel(trained, ctx.log, (spec, baseUrl) =>
            searchRun(spec, baseUrl, flags.evalSearch, join(ctx.dir, 'eval'), `${flags.seed}/eval`, flags.evalLimit ?? flags.limit, flags.evalTask ?? (flags.evalData ? undefined : flags.task), flags.evalData ?? (flags.evalTask ? undefined : flags.data)),
          );
          const finished = Number(summary.finished), correct = Number(summary.correct);
          return { accuracy: finished > 0 ? correct / finished : 0, correct, finished, dir: join(ctx.dir, 'eval') };
        },
      },
    });
    const rows = report.iterations.map((s) => ({
      iteration: s.iteration,
      generated: s.steps.generate?.result?.finished,
      verified: s.steps.generate?.result?.verifiedTraces,
      exported: s.steps.export?.result?.lines,
      model: (s.steps.train?.result?.model as { path?: string } | undefined)?.path,
      accuracy: s.steps.evaluate?.result?.accuracy,
    }));
    if (flags.json) io.stdout(`${JSON.stringify(rows)}\n`);
    else for (const r of rows) io.stdout(`iteration ${r.iteration}: ${r.generated} searched, ${r.verified} verified, ${r.exported} SFT examples, trained ${r.model}, accuracy ${(100 * Number(r.accuracy)).toFixed(1)}%\n`);
  } finally {
    process.off('SIGINT', onSignal);
  }
}
