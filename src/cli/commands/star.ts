import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { numberOption, oneOf } from '../parse-options.js';
import { BATCH, LEARNING_RATE, STEPS } from './train.js';
import { addStarLoopOptions, type StarLoopFlags } from './star-loop.js';
import { TOOL_TRACE_OBJECTIVES, type ToolTraceObjective } from '../../linearize/tool-trace/tool-trace.js';


export interface StarFlags {
  model: string;
  iterations: number;
  problems: number;
  samples: number;
  temperature: number;
  steps: number;
  batch: number;
  lr: number;
  objective: ToolTraceObjective;
  perProblem: number;
  evalPuzzles: number;
  seed: string;
  out: string;
  json?: boolean;
}

export function register(program: Command, io: CliIo): void {
  addStarLoopOptions(program.command('star'))
    .description('Meta-STaR rounds for the embedded model: sample searches on training puzzles, keep the verified ones, retrain, report held-out accuracy per round. With --train-cmd and --serve-cmd: the same loop for a language model you train and serve (docs/meta-star.md)')
    .option('--model <name|path>', 'starting weights: a shipped embedded model name or a .mct checkpoint', 'game24-metacot')
    .addOption(numberOption('--iterations <n>', 'STaR rounds', { integer: true, min: 1, max: 1000 }, 2))
    .addOption(numberOption('--problems <n>', 'training puzzles sampled per round', { integer: true, min: 1, max: 100_000 }, 200))
    .addOption(numberOption('--samples <n>', 'searches sampled per puzzle', { integer: true, min: 1, max: 1000 }, 4))
    .addOption(numberOption('--temperature <t>', 'sampling temperature', { integer: false, min: 0, max: 10 }, 1))
    .addOption(numberOption('--steps <n>', 'optimizer steps per retraining round', STEPS, 100))
    .addOption(numberOption('--batch <n>', 'sequences per step', BATCH, 8))
    .addOption(numberOption('--lr <rate>', 'peak learning rate of each round', LEARNING_RATE, 1e-3))
    .option('--objective <objective>', `loss: ${TOOL_TRACE_OBJECTIVES.join(', ')}`, oneOf('--objective', TOOL_TRACE_OBJECTIVES), 'trace')
    .addOption(numberOption('--per-problem <n>', 'teacher traces per training puzzle kept in the mix', { integer: true, min: 1, max: 10_000 }, 4))
    .addOption(numberOption('--eval-puzzles <n>', 'held-out 24.csv test puzzles scored per round (at most 100)', { integer: true, min: 1, max: 100 }, 100))
    .option('--seed <seed>', 'seed for puzzles, samples and batches', '1')
    .option('--out <path>', 'checkpoint written after each round; each round\'s state, kept searches and weights go to <path>.star/, where a re-run resumes', 'star.mct')
    .option('--json', 'print the per-round report as JSON')
    .action(async (flags: StarFlags & StarLoopFlags) => {
      if (flags.trainCmd) return (await import('./star-loop.js')).runStarLoopCommand(flags, io);
      (await import('../output-folder.js')).ensureOutputFile(flags.out, '--out');
      const { loadEmbeddedReasoner } = await import('../../embedded/reasoner/embedded-reasoner.js');
      const { runStar } = await import('../../embedded/training/star.js');
      const { progressReporter } = await import('./train.js');
      const start = loadEmbeddedReasoner(flags.model).checkpoint;
      const format = (start.meta.format as 'metacot' | 'sos' | 'optimal' | undefined) ?? 'metacot';
      const progress = await progressReporter(io, 'star');
      const { reports } = await runStar(start, {
        iterations: flags.iterations, problems: flags.problems, samples: flags.samples, temperature: flags.temperature,
        steps: flags.steps, seed: flags.seed, evalPuzzles: flags.evalPuzzles, out: flags.out,
        train: {
          format, objective: flags.objective, dim: start.config.dim, layers: start.config.layers, heads: start.config.heads,
          context: start.config.context, batch: flags.batch, lr: flags.lr, perProblem: flags.perProblem,
          calibratePuzzles: 50,
          command: `metacot star --model ${flags.model} --iterations ${flags.iterations} --problems ${flags.problems} --samples ${flags.samples} --steps ${flags.steps} --seed ${flags.seed}`,
        },
        onProgress: (point, total) => progress(point.step, total, `loss ${point.loss.toFixed(3)}`),
        onIteration: (r) => {
          if (!flags.json) io.stdout(`round ${r.iteration}: sampled ${r.sampled}, verified ${r.verified} (${r.puzzlesSolved} puzzles), held-out pass@1 ${(100 * r.heldOutPass1).toFixed(1)}%\n`);
        },
      });
      progress.done();
      if (flags.json) io.stdout(`${JSON.stringify(reports)}\n`);
    });
}
