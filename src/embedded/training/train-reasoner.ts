import { existsSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import { createRandom } from '../../core/random.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../model/checkpoint.js';
import { fitTokenizer, integerWords, Tokenizer } from '../model/tokenizer.js';
import { trainLoop, type CurvePoint, type TrainExample } from '../model/train-loop.js';
import { initParams, parameterCount, type TransformerConfig } from '../model/transformer.js';
import { writeToolTraceSft } from '../../training-data/exports/sft.js';
import { createEmbeddedModel } from '../model/embedded-model.js';
import { calibrateValueThreshold } from './calibrate-threshold.js';
import { loadGame24 } from '../../tasks/game24/load-game24.js';
import { assertNoEvalProblems, COUNTDOWN_NUMBERS, COUNTDOWN_SEED, countdownTrainProblems, targetsOf } from './countdown-split.js';
import { subPuzzles } from './sub-puzzles.js';
import { buildToolTraces, encodeTrace, hashTraces, type TraceProblem } from './reasoner-dataset.js';
import { TOOL_PHRASES, type ToolTraceObjective, type ToolTrace, type ToolTraceFormat } from '../../linearize/tool-trace/tool-trace.js';

export const TRAIN_TASKS = ['game24', 'countdown'] as const;
export type TrainTask = (typeof TRAIN_TASKS)[number];

export interface TrainReasonerOptions {
  /** game24 (24.csv, target 24) or countdown (Stream of Search's train split, integer rules). Default game24. */
  task?: TrainTask;
  /** countdown: training problems drawn from the train split (default 20 000). */
  problems?: number;
  /** countdown: every integer 0..N is one token (default 1000); see integerWords. */
  numberTokens?: number;
  format: ToolTraceFormat;
  objective: ToolTraceObjective;
  dim: number;
  layers: number;
  heads: number;
  context: number;
  steps: number;
  batch: number;
  lr: number;
  seed: string | number;
  /** Traces per training puzzle. */
  perProblem: number;
  /** Three-number sub-puzzles (one trace each) per training puzzle (see sub-puzzles.ts). */
  subPuzzles?: number;
  /** Where checkpoints go (resumable; the final one too). */
  out: string;
  /** Continue from `out` when it exists. */
  resume: boolean;
  /** Extra verified traces (e.g. the model's own, from `star`). */
  extraTraces?: readonly Pick<ToolTrace, 'segments' | 'text'>[];
  /** Start from these weights (a STaR round) instead of a fresh initialisation. */
  init?: Checkpoint;
  checkpointEvery?: number;
  /** Also write the verified traces as SFT datasets with a card (see writeToolTraceSft). */
  exportDir?: string;
  /** Gradient worker threads (see trainLoop). */
  threads?: number;
  /**
   * Training puzzles on which to calibrate the value threshold after training (metacot
   * only; 0: none). The chosen threshold is stored with the weights (`meta.valueThreshold`).
   */
  calibratePuzzles?: number;
  /** Also keep a copy of the checkpoint at these steps (`<out>.step<N>`), for equal-budget comparisons. */
  snapshotSteps?: readonly number[];
  command?: string;
  onProgress?: (point: CurvePoint, totalSteps: number) => void;
  signal?: AbortSignal;
}

/** The configuration of the shipped default model (models/embedded/game24-metacot.mct). */
export const DEFAULT_TRAIN: Omit<TrainReasonerOptions, 'out'> = {
  format: 'metacot', objective: 'trace', dim: 96, layers: 4, heads: 6, context: 640,
  steps: 5600, batch: 16, lr: 2e-3, seed: 1, perProblem: 64, subPuzzles: 8, calibratePuzzles: 100, resume: true,
};

/** The Game of 24 training puzzles (never the test rows) as trace problems. */
export function game24TrainProblems(): TraceProblem[] {
  return loadGame24({ split: 'train' }).map((p) => ({ numbers: p.numbers, target: 24 }));
}

/**
 * Builds the verified traces for the chosen format, fits the vocabulary, and trains
 * (or resumes) the transformer, checkpointing to `out`. The checkpoint's `meta` records
 * the command, data hash, counts, config and the training curve.
 */
export async function trainReasoner(options: TrainReasonerOptions): Promise<Checkpoint> {
  const task = options.task ?? 'game24';
  const countdown = task === 'countdown';
  const problems = countdown ? countdownTrainProblems(options.problems ?? 20_000) : game24TrainProblems();
  const main = buildToolTraces(problems, { format: options.format, perProblem: options.perProblem, seed: options.seed });
  const subs = subPuzzles(problems, options.subPuzzles ?? 0, createRandom(`${options.seed}:sub-puzzles`));
  if (countdown) assertNoEvalProblems([...problems, ...subs]);
  const sub = buildToolTraces(subs, { format: options.format, perProblem: 1, seed: `${options.seed}:sub` });
  const traces = [...main.traces, ...sub.traces];
  const attempted = main.attempted + sub.attempted;
  const all = [...traces, ...(options.extraTraces ?? [])];
  if (options.exportDir) {
    writeToolTraceSft(options.exportDir, traces, {
      name: `${task}-${options.format}`,
      sources: [countdown
        ? `Countdown train split (Stream of Search generator, seed ${COUNTDOWN_SEED}, training targets only), ${problems.length} problems; the val and val-target problems are excluded`
        : 'data/game24/24.csv (Tree of Thoughts), ranks 1-900 and 1001-1362; the test ranks 901-1000 are excluded'],
      filters: ['kept only traces whose final answer the task verified (exact arithmetic, every number used once)', `teacher: ${options.format} search, ${options.perProblem} traces per puzzle, seed ${options.seed}`],
      format: options.format,
      counts: { puzzles: problems.length, attempted, verified: traces.length },
    });
  }
  let ckpt: Checkpoint;
  let tokenizer: Tokenizer;
  if (options.resume && existsSync(options.out)) {
    ckpt = loadCheckpoint(options.out);
    tokenizer = new Tokenizer(ckpt.vocab);
  } else if (options.init) {
    // A retrained model gets its own value threshold (calibrated again when asked).
    const { valueThreshold: _threshold, calibration: _calibration, ...meta } = options.init.meta;
    ckpt = { config: options.init.config, vocab: options.init.vocab, params: options.init.params.slice(), meta: { ...meta, curve: [] } };
    tokenizer = new Tokenizer(ckpt.vocab);
  } else {
    const always = countdown ? [...TOOL_PHRASES, ...integerWords(options.numberTokens ?? 1000)] : TOOL_PHRASES;
    tokenizer = fitTokenizer(all.map((t) => t.text), 20, always);
    const config: TransformerConfig = {
      vocabSize: tokenizer.size, dim: options.dim, layers: options.layers, heads: options.heads, context: options.context, ffMult: 4, rope: true,
    };
    const params = initParams(config, createRandom(`${options.seed}:init`), tokenizer.vocab, countdown ? 'wide' : 'game24');
    ckpt = { config, vocab: [...tokenizer.vocab], params, meta: {} };
  }
  const examples: TrainExample[] = [];
  let skipped = 0;
  for (const trace of all) {
    const ex = encodeTrace(tokenizer, trace, options.objective);
    if (ex.tokens.length - 1 > ckpt.config.context) skipped++;
    else examples.push(ex);
  }
  if (examples.length === 0) throw new InputError(`no ${options.format} trace fits the context of ${ckpt.config.context} tokens`);
  const meta: Record<string, Json> = {
    command: options.command ?? null,
    task,
    // What the model fits (read by modelFit): its targets, input range and rules.
    targets: countdown ? targetsOf(problems) : [24],
    numbers: countdown ? { ...COUNTDOWN_NUMBERS } : { min: 1, max: 13 },
    integer: countdown,
    ...(countdown ? { numberTokens: options.numberTokens ?? 1000 } : {}),
    format: options.format,
    objective: options.objective,
    seed: String(options.seed),
    steps: options.steps,
    batch: options.batch,
    lr: options.lr,
    parameters: parameterCount(ckpt.config),
    data: {
      source: countdown ? `Countdown train split, seed ${COUNTDOWN_SEED}, val and val-target excluded` : 'data/game24/24.csv rows outside ranks 901-1000',
      puzzles: problems.length,
      perProblem: options.perProblem,
      subPuzzles: subs.length,
      attempted,
      verified: traces.length,
      extra: options.extraTraces?.length ?? 0,
      tooLong: skipped,
      examples: examples.length,
      hash: hashTraces(all),
    },
  };
  ckpt.meta = { ...ckpt.meta, ...meta };
  const trained = await trainLoop(ckpt, examples, {
    steps: options.steps,
    batch: options.batch,
    lr: options.lr,
    seed: options.seed,
    checkpointEvery: options.checkpointEvery ?? 50,
    threads: options.threads ?? 1,
    onCheckpoint: (c) => {
      saveCheckpoint(options.out, c);
      if (c.adam && options.snapshotSteps?.includes(c.adam.step)) saveCheckpoint(`${options.out}.step${c.adam.step}`, c);
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (options.format === 'metacot' && (options.calibratePuzzles ?? 0) > 0 && trained.meta.valueThreshold === undefined) {
    const model = createEmbeddedModel(trained, 'calibrating');
    const { threshold, scores } = await calibrateValueThreshold(model, problems, {
      puzzles: options.calibratePuzzles!, seed: options.seed, ...(options.signal ? { signal: options.signal } : {}),
    });
    trained.meta.valueThreshold = threshold;
    trained.meta.calibration = scores as unknown as Json;
    saveCheckpoint(options.out, trained);
  }
  return trained;
}
