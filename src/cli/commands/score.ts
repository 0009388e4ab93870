import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { ScoreReport } from '../../eval/score-items.js';
import type { CliIo } from '../cli-io.js';
import { BOOTSTRAP_RANGE, numberOption, oneOf } from '../parse-options.js';

interface ScoreCommandOptions {
  task?: string;
  samples?: string;
  json?: boolean;
  seed?: string;
  resamples: number;
  bootstrap: number;
  confidence: number;
  discount?: number;
  discountBy: 'tokens' | 'steps';
}

/** `metacot score`: metrics from a run folder, or from a samples file made anywhere. */
export function register(program: Command, io: CliIo): void {
  program
    .command('score')
    .description('Compute accuracy, pass@k, maj@k, bon@k, weighted_bon@k (k = 1, 2, 4, ...) with bootstrap intervals, compute, and breakdowns by level and subject')
    .argument('[run]', 'a run folder (from metacot eval or merge)')
    .option('--task <name>', 'with --samples: the task that judges the answers (game24, countdown, ...)')
    .option('--samples <file.jsonl>', 'score samples made elsewhere: one {"id", "input", "completions": [...], "scores"?: [...]} per line')
    .option('--json', 'print one JSON object')
    .option('--seed <seed>', 'seed of the k-subset estimates and the bootstrap (default: the run seed, or 0)')
    .addOption(numberOption('--resamples <n>', 'random k-subsets per problem for maj/bon between 1 and n', { integer: true, min: 1, max: 10_000 }, 200))
    .addOption(numberOption('--bootstrap <n>', 'bootstrap resamples for the intervals (0: none)', BOOTSTRAP_RANGE, 1000))
    .addOption(numberOption('--confidence <p>', 'interval confidence', { integer: false, min: 0, max: 1, minExclusive: true, maxExclusive: true }, 0.95))
    .addOption(numberOption('--discount <gamma>', 'also report discounted accuracy: reward x gamma^(tokens or steps)', { integer: false, min: 0, max: 1, minExclusive: true }))
    .option('--discount-by <unit>', 'what the discount counts: tokens or steps', oneOf('--discount-by', ['tokens', 'steps'] as const), 'tokens')
    .action(async (run: string | undefined, options: ScoreCommandOptions) => {
      const { scoreRun, readSamplesFile, resolveEvalTask, scoreItems, formatScore } = await import('../../eval/index.js');
      const common = {
        resamples: options.resamples,
        bootstrap: options.bootstrap,
        confidence: options.confidence,
        ...(options.discount !== undefined ? { discount: { gamma: options.discount, by: options.discountBy } } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      };
      let report: ScoreReport & { task: string };
      let title: string;
      if (run !== undefined) {
        if (options.samples !== undefined) throw new InputError('give either a run folder or --samples, not both');
        const scored = await scoreRun(run, common);
        report = scored;
        title = `${run}: ${scored.task} · ${scored.search} · ${scored.model}`;
      } else {
        if (options.samples === undefined) throw new InputError('give a run folder, or --samples F.jsonl with --task T');
        if (options.task === undefined) throw new InputError('--samples needs --task (which task judges the answers)');
        const task = await resolveEvalTask(options.task);
        try {
          const items = await readSamplesFile(options.samples, task);
          report = { task: task.name, ...scoreItems(items, common) };
        } finally {
          await task.close?.();
        }
        title = `${options.samples}: ${task.name}`;
      }
      io.stdout(options.json ? `${JSON.stringify(report)}\n` : formatScore(report, title));
    });
}

