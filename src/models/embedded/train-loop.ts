import { throwIfAborted } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import { createRandom } from '../../core/random.js';
import { adamStep, createAdamState } from './adam.js';
import { Backprop } from './backprop.js';
import type { Checkpoint } from './checkpoint.js';
import { paramViews } from './transformer.js';

/** One training sequence: `weights[i]` weights the loss of predicting `tokens[i + 1]`. */
export interface TrainExample {
  tokens: ArrayLike<number>;
  weights: ArrayLike<number>;
}

export interface CurvePoint {
  step: number;
  /** Mean weighted cross-entropy per token over the steps since the previous point. */
  loss: number;
  /** Tokens processed so far (all positions, not only weighted ones). */
  tokens: number;
  seconds: number;
}

export interface TrainLoopOptions {
  /** Total optimizer steps (a resumed run continues up to this count). */
  steps: number;
  /** Sequences per step. */
  batch: number;
  lr: number;
  warmup?: number;
  seed: string | number;
  logEvery?: number;
  checkpointEvery?: number;
  /** Called with a resumable checkpoint every `checkpointEvery` steps and at the end. */
  onCheckpoint?: (ckpt: Checkpoint) => void;
  onProgress?: (point: CurvePoint, totalSteps: number) => void;
  signal?: AbortSignal;
  /** Seconds already spent before a resume (for the curve's clock). */
  now?: () => number;
}

/** Cosine decay to a tenth of `lr` after a linear warmup. */
export function learningRate(step: number, options: Pick<TrainLoopOptions, 'steps' | 'lr' | 'warmup'>): number {
  const warmup = options.warmup ?? Math.min(100, Math.floor(options.steps / 10));
  if (step < warmup) return (options.lr * (step + 1)) / warmup;
  const t = (step - warmup) / Math.max(1, options.steps - warmup);
  return options.lr * (0.1 + 0.45 * (1 + Math.cos(Math.PI * Math.min(1, t))));
}

/**
 * Trains `ckpt` in place on `examples`. The batch of step s is drawn from a stream seeded
 * by (seed, s) alone, so a run resumed from a checkpoint at step s continues exactly as
 * the uninterrupted run would have, bit for bit. Yields to the event loop between steps
 * so that progress, signals and aborts get through.
 */
export async function trainLoop(ckpt: Checkpoint, examples: readonly TrainExample[], options: TrainLoopOptions): Promise<Checkpoint> {
  if (examples.length === 0) throw new RangeError('no training examples');
  const { config } = ckpt;
  const adam = ckpt.adam ?? createAdamState(ckpt.params.length);
  ckpt.adam = adam;
  const params = paramViews(config, ckpt.params).view;
  const gradBuf = new Float32Array(ckpt.params.length);
  const grads = paramViews(config, gradBuf).view;
  const backprop = new Backprop(config);
  const curve = (Array.isArray(ckpt.meta.curve) ? ckpt.meta.curve : []) as unknown as CurvePoint[];
  const clock = options.now ?? (() => performance.now() / 1000);
  const last = curve[curve.length - 1];
  let tokens = last?.tokens ?? 0;
  const started = clock() - (last?.seconds ?? 0);
  const logEvery = options.logEvery ?? 10;
  let lossSum = 0;
  let weightSum = 0;
  const save = () => {
    ckpt.meta.curve = curve as unknown as Json;
    ckpt.meta.steps = adam.step;
    options.onCheckpoint?.(ckpt);
  };
  while (adam.step < options.steps) {
    throwIfAborted(options.signal);
    const step = adam.step;
    const random = createRandom(`${options.seed}:batch:${step}`);
    const batch: TrainExample[] = [];
    let batchWeight = 0;
    for (let b = 0; b < options.batch; b++) {
      const ex = examples[random.int(examples.length)]!;
      batch.push(ex);
      for (let i = 0; i < ex.tokens.length - 1; i++) batchWeight += ex.weights[i]!;
    }
    gradBuf.fill(0);
    const scale = 1 / Math.max(1e-9, batchWeight);
    for (const ex of batch) {
      const r = backprop.run(params, grads, ex.tokens, ex.weights, scale);
      lossSum += r.loss;
      weightSum += r.weight;
      tokens += ex.tokens.length - 1;
    }
    adamStep(ckpt.params, gradBuf, adam, { lr: learningRate(step, options) });
    if (adam.step % logEvery === 0 || adam.step === options.steps) {
      const point = { step: adam.step, loss: weightSum > 0 ? lossSum / weightSum : 0, tokens, seconds: Math.round((clock() - started) * 10) / 10 };
      curve.push(point);
      options.onProgress?.(point, options.steps);
      lossSum = 0;
      weightSum = 0;
    }
    if (options.checkpointEvery && adam.step % options.checkpointEvery === 0) save();
    await new Promise((resolve) => setImmediate(resolve));
  }
  save();
  return ckpt;
}
