import type { Random } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import { addNumberEmbeddings, type NumberScale } from './number-embedding.js';

/**
 * A small decoder-only transformer (pre-LayerNorm, GELU MLP, learned positions, untied
 * output) written against flat Float32Arrays. Every parameter lives in one array, so a
 * checkpoint is one buffer and Adam is one loop. Chosen over tfjs-wasm by measurement
 * (docs/embedded.md): at this size the matmuls are tiny and per-op overhead dominates.
 */
export interface TransformerConfig {
  vocabSize: number;
  /** Model width. */
  dim: number;
  layers: number;
  heads: number;
  /** Longest sequence (positions) the model can see. */
  context: number;
  /** MLP hidden width as a multiple of `dim`. */
  ffMult: number;
  /** Rotary position embeddings on queries and keys (rope.ts), besides the learned positions. */
  rope?: boolean;
}

export interface LayerView {
  ln1g: Float32Array; ln1b: Float32Array;
  wqkv: Float32Array; wo: Float32Array;
  ln2g: Float32Array; ln2b: Float32Array;
  w1: Float32Array; b1: Float32Array;
  w2: Float32Array; b2: Float32Array;
}

export interface ParamView {
  tokEmb: Float32Array; posEmb: Float32Array;
  layers: LayerView[];
  lnfg: Float32Array; lnfb: Float32Array;
  wout: Float32Array;
}

export function checkConfig(config: TransformerConfig): void {
  const ints = ['vocabSize', 'dim', 'layers', 'heads', 'context', 'ffMult'] as const;
  for (const key of ints) {
    if (!Number.isInteger(config[key]) || config[key] <= 0) throw new InputError(`model ${key} must be a positive integer, got ${config[key]}`);
  }
  if (config.rope !== undefined && typeof config.rope !== 'boolean') throw new InputError(`model rope must be true or false, got ${String(config.rope)}`);
  if (config.rope && (config.dim / config.heads) % 2 !== 0) throw new InputError(`rotary positions need an even head width, got ${config.dim / config.heads}`);
  if (config.dim % config.heads !== 0) throw new InputError(`model dim ${config.dim} must be divisible by heads ${config.heads}`);
}

/** Number of floats the parameters take, and their views over `buffer` (or a fresh one). */
export function paramViews(config: TransformerConfig, buffer?: Float32Array): { buffer: Float32Array; view: ParamView } {
  const { vocabSize: V, dim: d, layers: L, context: T, ffMult } = config;
  const f = d * ffMult;
  const perLayer = 4 * d + 3 * d * d + d * d + d * f + f + f * d + d;
  const size = V * d + T * d + L * perLayer + 2 * d + d * V;
  const buf = buffer ?? new Float32Array(size);
  if (buf.length !== size) throw new InputError(`parameter buffer has ${buf.length} floats, config needs ${size}`);
  let at = 0;
  const take = (n: number): Float32Array => {
    const out = buf.subarray(at, at + n);
    at += n;
    return out;
  };
  const tokEmb = take(V * d);
  const posEmb = take(T * d);
  const layers: LayerView[] = [];
  for (let l = 0; l < L; l++) {
    layers.push({
      ln1g: take(d), ln1b: take(d), wqkv: take(d * 3 * d), wo: take(d * d),
      ln2g: take(d), ln2b: take(d), w1: take(d * f), b1: take(f), w2: take(f * d), b2: take(d),
    });
  }
  const lnfg = take(d);
  const lnfb = take(d);
  const wout = take(d * V);
  return { buffer: buf, view: { tokEmb, posEmb, layers, lnfg, lnfb, wout } };
}

function gaussian(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Fresh parameters: N(0, 0.02) weights, residual projections scaled by 1/sqrt(2L), LayerNorm
 * gains 1. With the vocabulary, number tokens start from numeric embeddings (see
 * number-embedding.ts), so that sums, differences, products and quotients of the numbers
 * in context are nearly linear in what attention reads; they stay trainable.
 */
export function initParams(config: TransformerConfig, random: Random, vocab?: readonly string[], numbers: NumberScale = 'game24'): Float32Array {
  checkConfig(config);
  const { buffer, view } = paramViews(config);
  const fill = (a: Float32Array, std: number) => {
    for (let i = 0; i < a.length; i++) a[i] = gaussian(random) * std;
  };
  const resid = 0.02 / Math.sqrt(2 * config.layers);
  fill(view.tokEmb, 0.02);
  // Game of 24's models draw this projection here, before the rest: kept in that order so
  // retraining them reproduces the shipped weights.
  if (vocab && numbers === 'game24') addNumberEmbeddings(view.tokEmb, vocab, config.dim, random);
  fill(view.posEmb, 0.01);
  for (const layer of view.layers) {
    layer.ln1g.fill(1);
    layer.ln2g.fill(1);
    fill(layer.wqkv, 0.02);
    fill(layer.wo, resid);
    fill(layer.w1, 0.02);
    fill(layer.w2, resid);
  }
  view.lnfg.fill(1);
  fill(view.wout, 0.02);
  if (vocab && numbers === 'wide') addNumberEmbeddings(view.tokEmb, vocab, config.dim, random, 'wide', view.wout);
  return buffer;
}

export function parameterCount(config: TransformerConfig): number {
  return paramViews(config).buffer.length;
}
