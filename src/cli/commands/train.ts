import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { CliIo } from '../cli-io.js';
import { numberInRange, numberOption, oneOf } from '../parse-options.js';
import { TOOL_TRACE_OBJECTIVES, type ToolTraceObjective } from '../../linearize/tool-trace/tool-trace.js';

const FORMATS = ['metacot', 'sos', 'optimal'] as const;
const TASKS = ['game24', 'countdown'] as const;

export interface TrainFlags {
  task: (typeof TASKS)[number];
  problems: number;
  numberTokens: number;
  format: (typeof FORMATS)[number];
  objective: ToolTraceObjective;
  dim: number;
  layers: number;
  heads: number;
  context: number;
  steps: number;
  batch: number;
  lr: number;
  seed: string;
  perProblem: number;
  subPuzzles: number;
  calibrate: number;
  out: string;
  resume: boolean;
  curve?: string;
  export?: string;
  threads: number;
  snapshotSteps?: number[];
}

/** Ranges `train` and `star` share. */
export const STEPS = { integer: true, min: 1, max: 10_000_000 };
export const BATCH = { integer: true, min: 1, max: 1024 };
export const LEARNING_RATE = { integer: false, min: 0, max: 1, minExclusive: true };

export function register(program: Command, io: CliIo): void {
  program
    .command('train')
    .description('Train the embedded transformer on verified, linearized Game of 24 or Countdown searches (tool-integrated format); checkpoints and resumes')
    .option('--task <task>', `training puzzles: ${TASKS.join(', ')} (Stream of Search's train split, integer rules)`, oneOf('--task', TASKS), 'game24')
    .option('--problems <n>', 'countdown: training problems from the train split (1-1000000)', numberInRange('--problems', 1, 1_000_000, { integer: true }), 20_000)
    .option('--number-tokens <n>', 'countdown: every integer 0..N is one token (0-100000)', numberInRange('--number-tokens', 0, 100_000, { integer: true }), 1000)
    .option('--format <format>', `trace format: ${FORMATS.join(', ')}`, oneOf('--format', FORMATS), 'metacot')
    .option('--objective <objective>', `loss: whole (all text), trace (model-written text), masked (trace without wrong branches)`, oneOf('--objective', TOOL_TRACE_OBJECTIVES), 'trace')
    .addOption(numberOption('--dim <n>', 'model width', { integer: true, min: 8, max: 512 }, 96))
    .addOption(numberOption('--layers <n>', 'transformer layers', { integer: true, min: 1, max: 16 }, 4))
    .addOption(numberOption('--heads <n>', 'attention heads', { integer: true, min: 1, max: 64 }, 6))
    .addOption(numberOption('--context <n>', 'context length in tokens', { integer: true, min: 16, max: 4096 }, 640))
    .addOption(numberOption('--steps <n>', 'optimizer steps (a resumed run continues up to this count)', STEPS, 5600))
    .addOption(numberOption('--batch <n>', 'sequences per step', BATCH, 16))
    .addOption(numberOption('--lr <rate>', 'peak learning rate (AdamW, cosine decay)', LEARNING_RATE, 2e-3))
    .option('--seed <seed>', 'seed for data, initialisation and batches', '1')
    .addOption(numberOption('--per-problem <n>', 'traces written per training puzzle', { integer: true, min: 1, max: 10_000 }, 64))
    .addOption(numberOption('--sub-puzzles <n>', 'three-number sub-puzzles (one trace each) per training puzzle', { integer: true, min: 0, max: 1000 }, 8))
    .addOption(numberOption('--calibrate <n>', 'metacot: training puzzles on which to calibrate the value threshold after training (0: none)', { integer: true, min: 0, max: 1362 }, 100))
    .option('--out <path>', 'checkpoint file (written every 50 steps and at the end)', 'model.mct')
    .option('--no-resume', 'start afresh even when --out exists')
    .option('--curve <path>', 'also write the training curve as JSON')
    .option('--export <dir>', 'also write the verified traces as SFT datasets (messages, ShareGPT) with a dataset card')
    .option('--snapshot-steps <list>', 'also keep copies of the checkpoint at these steps (<out>.step<N>), e.g. 800,1000', stepList)
    .addOption(numberOption('--threads <n>', 'gradient worker threads (resume bit-exactly with the same count)', { integer: true, min: 1, max: 64 }, 1))
    .action(async (flags: TrainFlags) => {
      const { writeFileSync } = await import('node:fs');
      const { ensureOutputFile, ensureOutputFolder } = await import('../output-folder.js');
      // Checked before training starts: a bad path must not cost the run.
      ensureOutputFile(flags.out, '--out');
      if (flags.curve) ensureOutputFile(flags.curve, '--curve');
      if (flags.export) ensureOutputFolder(flags.export, '--export');
      const { trainReasoner } = await import('../../embedded/training/train-reasoner.js');
      const taskFlags = flags.task === 'countdown' ? `--task countdown --problems ${flags.problems} --number-tokens ${flags.numberTokens} ` : '';
      const command = `metacot train ${taskFlags}--format ${flags.format} --objective ${flags.objective} --dim ${flags.dim} --layers ${flags.layers} --heads ${flags.heads} --context ${flags.context} --steps ${flags.steps} --batch ${flags.batch} --lr ${flags.lr} --seed ${flags.seed} --per-problem ${flags.perProblem} --sub-puzzles ${flags.subPuzzles} --calibrate ${flags.calibrate}`;
      const progress = await progressReporter(io, 'train');
      const { export: exportDir, calibrate, snapshotSteps, ...rest } = flags;
      const ckpt = await trainReasoner({
        ...rest,
        calibratePuzzles: calibrate,
        ...(snapshotSteps ? { snapshotSteps } : {}),
        ...(exportDir ? { exportDir } : {}),
        command,
        onProgress: (point, total) => progress(point.step, total, `loss ${point.loss.toFixed(3)}  ${Math.round(point.tokens / Math.max(1, point.seconds))} tok/s`),
      });
      progress.done();
      if (flags.curve) writeFileSync(flags.curve, `${JSON.stringify(ckpt.meta.curve, null, 1)}\n`);
      const curve = ckpt.meta.curve as unknown as { loss: number }[];
      io.stdout(`trained ${flags.out}: ${ckpt.meta.parameters} parameters, ${ckpt.adam?.step} steps, final loss ${curve[curve.length - 1]?.loss.toFixed(3)}\n`);
      if (typeof ckpt.meta.valueThreshold === 'number') {
        const scores = (ckpt.meta.calibration ?? []) as unknown as { threshold: number; solved: number; puzzles: number }[];
        io.stdout(`value threshold ${ckpt.meta.valueThreshold} (greedy solves on training puzzles: ${scores.map((s) => `${s.threshold}→${s.solved}/${s.puzzles}`).join(', ')})\n`);
      }
    });
}

/**
 * A progress bar with the loss on a terminal (cli-progress), else one line on stderr per
 * report, so logs of background runs stay readable.
 */
export async function progressReporter(io: CliIo, label: string): Promise<((step: number, total: number, info: string) => void) & { done(): void }> {
  if (io.isTTY) {
    const { SingleBar, Presets } = await import('cli-progress');
    let bar: InstanceType<typeof SingleBar> | null = null;
    const report = (step: number, total: number, info: string) => {
      if (!bar) {
        bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {info}`, stream: process.stderr }, Presets.shades_classic);
        bar.start(total, 0, { info: '' });
      }
      bar.update(step, { info });
    };
    return Object.assign(report, { done: () => bar?.stop() });
  }
  const report = (step: number, total: number, info: string) => io.stderr(`${label} ${step}/${total} ${info}\n`);
  return Object.assign(report, { done: () => undefined });
}

function stepList(raw: string): number[] {
  const steps = raw.split(',').map((x) => Number(x.trim()));
  if (steps.some((n) => !Number.isInteger(n) || n <= 0)) throw new InputError(`--snapshot-steps must be a comma-separated list of positive integers, got '${raw}'`);
  return steps;
}
