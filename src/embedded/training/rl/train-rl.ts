import { existsSync, writeFileSync } from 'node:fs';
import { InputError } from '../../../core/errors.js';
import type { Json } from '../../../core/json.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../model/checkpoint.js';
import { createEmbeddedModel } from '../../model/embedded-model.js';
import { loadEmbeddedReasoner, storedThreshold } from '../../reasoner/embedded-reasoner.js';
import { calibrateValueThreshold } from '../calibrate-threshold.js';
import { rlTrainingProblems, type RlTask } from './rl-problem.js';
import { runRl, type RlCurvePoint, type RlSettings } from './rl-loop.js';

export interface TrainRlOptions {
  /** Starting weights (also the KL reference): a shipped model name or a .mct path. */
  model: string;
  task: RlTask;
  settings: Omit<RlSettings, 'valueThreshold'> & { valueThreshold?: number };
  /** Resumable checkpoint, written every `checkpointEvery` iterations. */
  out: string;
  resume: boolean;
  checkpointEvery?: number;
  /**
   * Training problems on which to recalibrate the value threshold once the run is done (0:
   * keep the starting model's). RL moves the values the threshold was calibrated for.
   */
  calibrate?: number;
  /** Curves file (JSON), rewritten with every checkpoint. */
  curve?: string;
  command?: string;
  onIteration?: (point: RlCurvePoint, total: number) => void;
  onCheckpoint?: (ckpt: Checkpoint) => void;
  signal?: AbortSignal;
}

/**
 * `metacot rl`: loads the starting model, resumes from `out` when it holds a run from the
 * same model, runs GRPO on the task's training problems and keeps the checkpoint and the
 * curves file current, so a killed run loses at most one checkpoint interval.
 */
export async function trainRl(options: TrainRlOptions): Promise<Checkpoint> {
  const start = loadEmbeddedReasoner(options.model);
  const reference = start.checkpoint;
  const settings: RlSettings = { ...options.settings, valueThreshold: options.settings.valueThreshold ?? storedThreshold(start, options.settings.fold ?? false) };
  if (settings.minibatches > settings.problems) throw new InputError(`--minibatches ${settings.minibatches} is more than --problems ${settings.problems}: each step needs at least one group`);
  let policy: Checkpoint;
  if (options.resume && existsSync(options.out)) {
    policy = loadCheckpoint(options.out);
    if (policy.meta.rlFrom !== options.model) throw new InputError(`${options.out} is not an RL run from ${options.model}; pass --no-resume or another --out`);
  } else {
    // Starting from a model that RL already trained is a new run: its finished run's state
    // (iteration, curves, settings) moves to `rlEarlier`, so the new settings apply and count from 0.
    const { rl: earlierRun, rlEarlier, ...meta } = reference.meta;
    const earlier = earlierRun === undefined ? rlEarlier : [...(Array.isArray(rlEarlier) ? rlEarlier : []),
      { from: meta.rlFrom ?? null, command: meta.rlCommand ?? null, iterations: (earlierRun as { iteration?: number }).iteration ?? null }];
    policy = {
      config: reference.config, vocab: reference.vocab, params: reference.params.slice(),
      meta: { ...meta, ...(earlier === undefined ? {} : { rlEarlier: earlier }), rlFrom: options.model, rlTask: options.task, ...(options.command ? { rlCommand: options.command } : {}) },
    };
  }
  const writeCurve = (ckpt: Checkpoint) => {
    if (!options.curve) return;
    const rl = ckpt.meta.rl as { curve?: Json } | undefined;
    writeFileSync(options.curve, `${JSON.stringify({ model: options.model, task: options.task, settings: settings as unknown as Json, curve: rl?.curve ?? [] }, null, 1)}\n`);
  };
  const problems = rlTrainingProblems(options.task);
  const trained = await runRl(reference, policy, {
    settings,
    problems,
    ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
    onCheckpoint: (ckpt) => {
      saveCheckpoint(options.out, ckpt);
      writeCurve(ckpt);
      options.onCheckpoint?.(ckpt);
    },
    ...(options.onIteration ? { onIteration: options.onIteration } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if ((options.calibrate ?? 0) > 0 && (trained.meta.format ?? 'metacot') === 'metacot') {
    // A run that sampled folded searches trained the folded search: both thresholds moved.
    for (const fold of settings.fold ? [false, true] : [false]) {
      const { threshold, scores } = await calibrateValueThreshold(createEmbeddedModel(trained, 'calibrating'), problems, {
        puzzles: options.calibrate!, seed: settings.seed, fold, ...(options.signal ? { signal: options.signal } : {}),
      });
      trained.meta[fold ? 'foldedValueThreshold' : 'valueThreshold'] = threshold;
      trained.meta[fold ? 'foldedCalibration' : 'calibration'] = scores as unknown as Json;
    }
    saveCheckpoint(options.out, trained);
  }
  return trained;
}
