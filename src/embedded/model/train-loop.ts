import { Worker } from 'node:worker_threads';
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
  /** Clock in seconds (injectable for tests). */
  now?: () => number;
  /**
   * Worker threads computing gradients in parallel (default 1: in-process). Results are
   * deterministic for a given thread count; a resumed run must use the same count to
   * continue bit for bit.
   */
  threads?: number;
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
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  if (threads > 1) {
    // Parameters move into shared memory so the workers read the current weights.
    const shared = new Float32Array(new SharedArrayBuffer(ckpt.params.byteLength));
    shared.set(ckpt.params);
    ckpt.params = shared;
  }
  const adam = ckpt.adam ?? createAdamState(ckpt.params.length);
  ckpt.adam = adam;
  const params = paramViews(config, ckpt.params).view;
  const gradBuf = new Float32Array(ckpt.params.length);
  const grads = paramViews(config, gradBuf).view;
  const backprop = new Backprop(config);
  const pool = threads > 1 ? startWorkers(threads, ckpt, examples) : null;
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
  try {
    while (adam.step < options.steps) {
      throwIfAborted(options.signal);
      const step = adam.step;
      const random = createRandom(`${options.seed}:batch:${step}`);
      const batch: number[] = [];
      let batchWeight = 0;
      for (let b = 0; b < options.batch; b++) {
        const index = random.int(examples.length);
        const ex = examples[index]!;
        batch.push(index);
        for (let i = 0; i < ex.tokens.length - 1; i++) batchWeight += ex.weights[i]!;
      }
      gradBuf.fill(0);
      const scale = 1 / Math.max(1e-9, batchWeight);
      if (pool) {
        const parts = await pool.run(batch, scale);
        for (const part of parts) {
          lossSum += part.loss;
          weightSum += part.weight;
          tokens += part.tokens;
        }
        // Summed in worker order: deterministic for a given thread count.
        for (const g of pool.grads) for (let i = 0; i < gradBuf.length; i++) gradBuf[i]! += g[i]!;
      } else {
        for (const index of batch) {
          const ex = examples[index]!;
          const r = backprop.run(params, grads, ex.tokens, ex.weights, scale);
          lossSum += r.loss;
          weightSum += r.weight;
          tokens += ex.tokens.length - 1;
        }
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
  } finally {
    await pool?.close();
  }
  save();
  return ckpt;
}

interface WorkerPool {
  grads: Float32Array[];
  run(batch: readonly number[], scale: number): Promise<{ loss: number; weight: number; tokens: number }[]>;
  close(): Promise<void>;
}

/**
 * Splits a batch between workers so that each gets about the same work: sequences by
 * descending cost (length, plus the quadratic attention term), each to the least loaded
 * worker. Traces vary from 50 to 600 tokens, so an even count split left one worker
 * waiting for the other. Deterministic: a function of the batch alone.
 */
export function balanceBatch(batch: readonly number[], lengths: readonly number[], threads: number): number[][] {
  const cost = (i: number) => lengths[i]! * (1 + lengths[i]! / 256);
  const order = batch.map((index, at) => ({ index, at, c: cost(index) })).sort((a, b) => b.c - a.c || a.at - b.at);
  const parts: number[][] = Array.from({ length: threads }, () => []);
  const load = new Array<number>(threads).fill(0);
  for (const { index, c } of order) {
    let k = 0;
    for (let j = 1; j < threads; j++) if (load[j]! < load[k]!) k = j;
    parts[k]!.push(index);
    load[k]! += c;
  }
  return parts;
}

/** Runs each batch on the workers, split by balanceBatch. */
function startWorkers(threads: number, ckpt: Checkpoint, examples: readonly TrainExample[]): WorkerPool {
  const here = import.meta.url;
  const file = new URL(here.endsWith('.ts') ? './grad-worker.ts' : './grad-worker.js', here);
  const plain = examples.map((e) => ({ tokens: Int32Array.from(e.tokens as ArrayLike<number>), weights: Float32Array.from(e.weights as ArrayLike<number>) }));
  const lengths = examples.map((e) => e.tokens.length);
  const grads: Float32Array[] = [];
  const waiting: ((reply: { loss: number; weight: number; tokens: number }) => void)[] = [];
  let failed: ((error: unknown) => void) | null = null;
  const workers = Array.from({ length: threads }, (_, k) => {
    const g = new SharedArrayBuffer(ckpt.params.byteLength);
    grads.push(new Float32Array(g));
    const workerData = { config: ckpt.config, params: ckpt.params.buffer, grads: g, examples: plain };
    // From TypeScript sources (tsx, in development) the worker registers tsx first.
    const worker = file.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`, { eval: true, workerData })
      : new Worker(file, { workerData });
    worker.on('message', (reply) => waiting[k]?.(reply));
    worker.on('error', (error) => failed?.(error));
    return worker;
  });
  return {
    grads,
    run(batch, scale) {
      const parts = balanceBatch(batch, lengths, threads);
      return new Promise((resolve, reject) => {
        failed = reject;
        const replies: { loss: number; weight: number; tokens: number }[] = [];
        let left = threads;
        workers.forEach((w, k) => {
          waiting[k] = (reply) => {
            replies[k] = reply;
            if (--left === 0) resolve(replies);
          };
          w.postMessage({ indices: parts[k], scale });
        });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
