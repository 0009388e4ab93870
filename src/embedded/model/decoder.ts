import { gelu, layerNorm, matmul } from './kernels.js';
import { applyRope, ropeTables, type RopeTables } from './rope.js';
import { paramViews, type ParamView, type TransformerConfig } from './transformer.js';

/** One sequence's key/value cache: what attention needs from every earlier position. */
export interface KvSequence {
  keys: Float32Array[];
  values: Float32Array[];
  length: number;
}

/** A decoding sequence: its position; the cache itself is the decoder's business. */
export interface DecoderSequence {
  length: number;
}

/**
 * What batched sampling needs from a decoder: sequences with a key/value cache, forked
 * from a prefilled prompt, and one step that feeds a token to each of B of them.
 * Implemented by {@link KvDecoder} (plain arrays) and the wasm-resident decoder.
 */
export interface SequenceDecoder {
  readonly config: TransformerConfig;
  newSequence(): DecoderSequence;
  clone(seq: DecoderSequence): DecoderSequence;
  /** Logits B×V (row b for sequence b), valid until the next call. */
  step(seqs: readonly DecoderSequence[], tokens: readonly number[]): Float32Array;
  /** Frees a sequence's cache (optional: a decoder may leave it to the garbage collector). */
  release?(seq: DecoderSequence): void;
  /** Re-reads the weights after they changed in place (training between sampling rounds). */
  reload?(): void;
}

/**
 * Incremental inference with a key/value cache, batched: one `step` feeds one token to
 * each of B sequences (each at its own position) and returns their next-token logits, so
 * the weight matrices are read once per step for the whole batch.
 */
export class KvDecoder implements SequenceDecoder {
  readonly view: ParamView;
  private bufs: { x: Float32Array; h: Float32Array; qkv: Float32Array; att: Float32Array; f: Float32Array; logits: Float32Array; scores: Float32Array } | null = null;
  private bufBatch = 0;

  private readonly rope: RopeTables | null;

  constructor(readonly config: TransformerConfig, params: Float32Array) {
    this.rope = ropeTables(config);
    this.view = paramViews(config, params).view;
  }

  newSequence(): KvSequence {
    const size = this.config.context * this.config.dim;
    return {
      keys: this.view.layers.map(() => new Float32Array(size)),
      values: this.view.layers.map(() => new Float32Array(size)),
      length: 0,
    };
  }

  /** A copy sharing nothing (to fork samples from one prefilled prompt). */
  clone(seq: KvSequence): KvSequence {
    const used = seq.length * this.config.dim;
    const copy = this.newSequence();
    seq.keys.forEach((k, l) => copy.keys[l]!.set(k.subarray(0, used)));
    seq.values.forEach((v, l) => copy.values[l]!.set(v.subarray(0, used)));
    copy.length = seq.length;
    return copy;
  }

  private buffers(b: number) {
    if (!this.bufs || this.bufBatch < b) {
      const { dim: d, ffMult, vocabSize: V, context: T } = this.config;
      this.bufs = {
        x: new Float32Array(b * d), h: new Float32Array(b * d), qkv: new Float32Array(b * 3 * d),
        att: new Float32Array(b * d), f: new Float32Array(b * d * ffMult), logits: new Float32Array(b * V), scores: new Float32Array(T),
      };
      this.bufBatch = b;
    }
    return this.bufs;
  }

  /**
   * Feeds `tokens[b]` to `seqs[b]` and returns the logits (row b for sequence b, B×V; the
   * array is reused by the next call). Throws when a sequence is full.
   */
  step(seqs: readonly KvSequence[], tokens: readonly number[]): Float32Array {
    const { dim: d, heads: H, ffMult, vocabSize: V, context: T } = this.config;
    const B = seqs.length;
    const f = d * ffMult;
    const dh = d / H;
    const scale = 1 / Math.sqrt(dh);
    const p = this.view;
    const buf = this.buffers(B);
    const { x, h, qkv, att, scores } = buf;
    for (let b = 0; b < B; b++) {
      const pos = seqs[b]!.length;
      if (pos >= T) throw new RangeError(`sequence is full (context ${T})`);
      const t = tokens[b]!;
      for (let j = 0; j < d; j++) x[b * d + j] = p.tokEmb[t * d + j]! + p.posEmb[pos * d + j]!;
    }
    for (let l = 0; l < p.layers.length; l++) {
      const w = p.layers[l]!;
      layerNorm(h, x, w.ln1g, w.ln1b, B, d);
      matmul(qkv, h, w.wqkv, B, d, 3 * d);
      if (this.rope) applyRope(qkv, B, d, H, this.rope, (b) => seqs[b]!.length);
      att.fill(0, 0, B * d);
      for (let b = 0; b < B; b++) {
        const seq = seqs[b]!;
        const pos = seq.length;
        const K = seq.keys[l]!;
        const Vc = seq.values[l]!;
        K.set(qkv.subarray(b * 3 * d + d, b * 3 * d + 2 * d), pos * d);
        Vc.set(qkv.subarray(b * 3 * d + 2 * d, b * 3 * d + 3 * d), pos * d);
        for (let hh = 0; hh < H; hh++) {
          const qo = b * 3 * d + hh * dh;
          let max = -Infinity;
          for (let s = 0; s <= pos; s++) {
            let dot = 0;
            const ko = s * d + hh * dh;
            for (let j = 0; j < dh; j++) dot += qkv[qo + j]! * K[ko + j]!;
            dot *= scale;
            scores[s] = dot;
            if (dot > max) max = dot;
          }
          let sum = 0;
          for (let s = 0; s <= pos; s++) {
            const e = Math.exp(scores[s]! - max);
            scores[s] = e;
            sum += e;
          }
          const ao = b * d + hh * dh;
          for (let s = 0; s <= pos; s++) {
            const pr = scores[s]! / sum;
            const vo = s * d + hh * dh;
            for (let j = 0; j < dh; j++) att[ao + j]! += pr * Vc[vo + j]!;
          }
        }
      }
      matmul(h, att, w.wo, B, d, d);
      for (let i = 0; i < B * d; i++) x[i]! += h[i]!;
      layerNorm(h, x, w.ln2g, w.ln2b, B, d);
      matmul(buf.f, h, w.w1, B, d, f);
      for (let b = 0; b < B; b++) for (let j = 0; j < f; j++) buf.f[b * f + j] = gelu(buf.f[b * f + j]! + w.b1[j]!);
      matmul(h, buf.f, w.w2, B, f, d);
      for (let b = 0; b < B; b++) for (let j = 0; j < d; j++) x[b * d + j]! += h[b * d + j]! + w.b2[j]!;
    }
    for (const seq of seqs) seq.length += 1;
    layerNorm(h, x, p.lnfg, p.lnfb, B, d);
    matmul(buf.logits, h, p.wout, B, d, V);
    return buf.logits.subarray(0, B * V);
  }
}

/** Log-softmax of one row of logits at `temperature` (1 when 0: greedy decoding reads logprobs at T=1). */
export function logSoftmax(row: Float32Array | readonly number[], temperature = 1): Float64Array {
  const t = temperature > 0 ? temperature : 1;
  const out = new Float64Array(row.length);
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i]! / t > max) max = row[i]! / t;
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! / t - max);
  const lse = Math.log(sum) + max;
  for (let i = 0; i < row.length; i++) out[i] = row[i]! / t - lse;
  return out;
}

/**
 * Draws a token: the argmax at temperature 0, else from softmax(logits / T), optionally
 * restricted to the smallest set with probability ≥ topP. `u` is one uniform draw in [0,1)
 * (the caller's seeded stream), so sampling is reproducible.
 */
export function sampleToken(row: Float32Array, temperature: number, u: number, topP = 1): number {
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
    return best;
  }
  if (topP >= 1) return sampleFull(row, temperature, u);
  const lp = logSoftmax(row, temperature);
  const order = Array.from(lp.keys());
  order.sort((a, b) => lp[b]! - lp[a]!);
  let mass = 0;
  const kept: number[] = [];
  for (const i of order) {
    kept.push(i);
    mass += Math.exp(lp[i]!);
    if (mass >= topP) break;
  }
  let r = u * mass;
  for (const i of kept) {
    r -= Math.exp(lp[i]!);
    if (r < 0) return i;
  }
  return kept[kept.length - 1]!;
}

let probs = new Float64Array(0);

/**
 * sampleToken without top-p, allocation-free (it runs for every token of every sample):
 * the same operations in the same order as logSoftmax followed by the inverse-CDF walk, so
 * the same draws, bit for bit.
 */
function sampleFull(row: Float32Array, temperature: number, u: number): number {
  const t = temperature;
  const V = row.length;
  if (probs.length < V) probs = new Float64Array(V);
  let max = -Infinity;
  for (let i = 0; i < V; i++) if (row[i]! / t > max) max = row[i]! / t;
  let sum = 0;
  for (let i = 0; i < V; i++) sum += Math.exp(row[i]! / t - max);
  const lse = Math.log(sum) + max;
  let mass = 0;
  for (let i = 0; i < V; i++) {
    const p = Math.exp(row[i]! / t - lse);
    probs[i] = p;
    mass += p;
  }
  let r = u * mass;
  for (let i = 0; i < V; i++) {
    r -= probs[i]!;
    if (r < 0) return i;
  }
  return V - 1;
}
