import { attentionBackward, attentionForward, gelu, geluGrad, layerNorm, layerNormBack, matmul, matmulBackInput, matmulBackWeight } from './kernels.js';
import { applyRope, ropeTables, type RopeTables } from './rope.js';
import type { ParamView, TransformerConfig } from './transformer.js';

/** Activations of one layer for one sequence, kept for the backward pass. */
interface LayerCache {
  xin: Float32Array; h1: Float32Array; mean1: Float32Array; rstd1: Float32Array;
  qkv: Float32Array; probs: Float32Array; att: Float32Array;
  xmid: Float32Array; h2: Float32Array; mean2: Float32Array; rstd2: Float32Array;
  f1: Float32Array; g1: Float32Array;
}

/**
 * Forward and backward pass of one sequence, with buffers allocated once for the longest
 * context (training calls this thousands of times; allocation would dominate).
 */
export class Backprop {
  private readonly caches: LayerCache[];
  private readonly xL: Float32Array; private readonly hf: Float32Array;
  private readonly meanf: Float32Array; private readonly rstdf: Float32Array;
  private readonly logits: Float32Array;
  private readonly dx: Float32Array; private readonly dh: Float32Array;
  private readonly dbig: Float32Array; private readonly dbig2: Float32Array;
  private readonly dqkv: Float32Array; private readonly datt: Float32Array;
  private readonly dlogits: Float32Array;
  private readonly hcompact: Float32Array; private readonly dhc: Float32Array;

  private readonly rope: RopeTables | null;

  constructor(readonly config: TransformerConfig) {
    this.rope = ropeTables(config);
    const { dim: d, context: T, heads: H, layers: L, vocabSize: V, ffMult } = config;
    const f = d * ffMult;
    this.caches = [];
    for (let l = 0; l < L; l++) {
      this.caches.push({
        xin: new Float32Array(T * d), h1: new Float32Array(T * d), mean1: new Float32Array(T), rstd1: new Float32Array(T),
        qkv: new Float32Array(T * 3 * d), probs: new Float32Array(H * T * T), att: new Float32Array(T * d),
        xmid: new Float32Array(T * d), h2: new Float32Array(T * d), mean2: new Float32Array(T), rstd2: new Float32Array(T),
        f1: new Float32Array(T * f), g1: new Float32Array(T * f),
      });
    }
    this.xL = new Float32Array(T * d);
    this.hf = new Float32Array(T * d);
    this.meanf = new Float32Array(T);
    this.rstdf = new Float32Array(T);
    this.logits = new Float32Array(T * V);
    this.dlogits = new Float32Array(T * V);
    this.dx = new Float32Array(T * d);
    this.dh = new Float32Array(T * d);
    this.dbig = new Float32Array(T * f);
    this.dbig2 = new Float32Array(T * f);
    this.dqkv = new Float32Array(T * 3 * d);
    this.datt = new Float32Array(T * d);
    this.hcompact = new Float32Array(T * d);
    this.dhc = new Float32Array(T * d);
  }

  /**
   * Adds into `grads` the gradient of Σ_i weights[i]·CE(tokens[i+1] | tokens[..i]) · scale and
   * returns the unscaled weighted loss sum and the weight sum. `weights[i]` weights the
   * prediction of token i+1; positions with weight 0 cost no backward work in the head.
   */
  run(p: ParamView, grads: ParamView, tokens: ArrayLike<number>, weights: ArrayLike<number>, scale: number): { loss: number; weight: number } {
    const { vocabSize: V } = this.config;
    // Positions after the last weighted one cannot affect the loss (attention is causal).
    if (tokens.length - 1 > this.config.context) throw new RangeError(`sequence of ${tokens.length} tokens exceeds context ${this.config.context} + 1`);
    let n = tokens.length - 1;
    while (n > 0 && weights[n - 1] === 0) n--;
    if (n < 1) return { loss: 0, weight: 0 };
    // Only positions with a loss weight need logits: the output layer (vocabulary-wide)
    // costs nothing for prompt and tool text.
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (weights[i]! !== 0) rows.push(i);
    const m = rows.length;
    this.forward(p, tokens, n, rows);

    // Loss and its gradient at the logits.
    let loss = 0;
    let weight = 0;
    const dl = this.dlogits;
    for (let r = 0; r < m; r++) {
      const i = rows[r]!;
      const wi = weights[i]!;
      const o = r * V;
      let max = -Infinity;
      for (let j = 0; j < V; j++) if (this.logits[o + j]! > max) max = this.logits[o + j]!;
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(this.logits[o + j]! - max);
      const target = tokens[i + 1]!;
      loss += wi * (Math.log(sum) + max - this.logits[o + target]!);
      weight += wi;
      const k = wi * scale;
      for (let j = 0; j < V; j++) dl[o + j] = (Math.exp(this.logits[o + j]! - max) / sum) * k;
      dl[o + target]! -= k;
    }

    this.backward(p, grads, tokens, n, rows);
    return { loss, weight };
  }

  /**
   * A policy-gradient pass over one sampled sequence. Decision k is the token
   * `tokens[at + 1]`, drawn from softmax((logits + bias) / temperature) restricted to
   * `allowed` (the constrained, biased distribution decoding really sampled from). Returns
   * each decision's current log-probability under that distribution; with `grads`, it
   * then adds the gradient of −scale·Σ_k c_k·logπ(decision k) into them, where
   * c_k = coefficient(k, logπ_k) (an advantage times an importance ratio, a KL term...).
   * Tokens that are not decisions (prompt, tool text) get no gradient of their own.
   */
  runPolicy(
    p: ParamView, grads: ParamView | null, tokens: ArrayLike<number>, decisions: readonly PolicyDecision[],
    temperature: number, coefficient: ((k: number, logprob: number) => number) | null, scale: number,
  ): Float64Array {
    const { vocabSize: V } = this.config;
    const m = decisions.length;
    const logps = new Float64Array(m);
    if (m === 0) return logps;
    const rows = decisions.map((dec) => dec.at);
    for (let k = 1; k < m; k++) if (rows[k]! <= rows[k - 1]!) throw new RangeError('policy decisions must be at increasing positions');
    const n = rows[m - 1]! + 1;
    if (n > this.config.context || tokens.length < n + 1) throw new RangeError(`decision at ${n - 1} is outside the sequence (${tokens.length} tokens, context ${this.config.context})`);
    this.forward(p, tokens, n, rows);
    const t = temperature > 0 ? temperature : 1;
    const dl = this.dlogits;
    for (let k = 0; k < m; k++) {
      const dec = decisions[k]!;
      const o = k * V;
      const z = this.logits;
      // The adjusted logits of the distribution decoding drew from, in place.
      if (dec.bias) for (const [id, b] of dec.bias) z[o + id]! += b;
      if (dec.allowed) {
        const keep = dec.allowed;
        let next = 0;
        for (let j = 0; j < V; j++) {
          if (next < keep.length && keep[next] === j) next++;
          else z[o + j] = -Infinity;
        }
      }
      let max = -Infinity;
      for (let j = 0; j < V; j++) if (z[o + j]! / t > max) max = z[o + j]! / t;
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(z[o + j]! / t - max);
      const target = tokens[dec.at + 1]!;
      const lp = z[o + target]! / t - max - Math.log(sum);
      logps[k] = lp;
      if (!grads || !coefficient) continue;
      // d(−c·logπ)/dz_j = c·(π_j − [j = target]) / T; zero outside the allowed set.
      const c = (coefficient(k, lp) * scale) / t;
      for (let j = 0; j < V; j++) dl[o + j] = (Math.exp(z[o + j]! / t - max) / sum) * c;
      dl[o + target]! -= c;
    }
    if (grads && coefficient) this.backward(p, grads, tokens, n, rows);
    return logps;
  }

  /** The forward pass over positions [0, n), then logits for `rows` only (into this.logits). */
  private forward(p: ParamView, tokens: ArrayLike<number>, n: number, rows: readonly number[]): void {
    const { dim: d, heads: H, ffMult, vocabSize: V } = this.config;
    const f = d * ffMult;
    let x = this.caches[0]!.xin;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      for (let j = 0; j < d; j++) x[i * d + j] = p.tokEmb[t * d + j]! + p.posEmb[i * d + j]!;
    }
    for (let l = 0; l < p.layers.length; l++) {
      const w = p.layers[l]!;
      const c = this.caches[l]!;
      if (l > 0) c.xin.set(x.subarray(0, n * d));
      layerNorm(c.h1, c.xin, w.ln1g, w.ln1b, n, d, c.mean1, c.rstd1);
      matmul(c.qkv, c.h1, w.wqkv, n, d, 3 * d);
      if (this.rope) applyRope(c.qkv, n, d, H, this.rope, (r) => r);
      attentionForward(c.att, c.probs, c.qkv, n, d, H);
      matmul(c.xmid, c.att, w.wo, n, d, d);
      for (let i = 0; i < n * d; i++) c.xmid[i]! += c.xin[i]!;
      layerNorm(c.h2, c.xmid, w.ln2g, w.ln2b, n, d, c.mean2, c.rstd2);
      matmul(c.f1, c.h2, w.w1, n, d, f);
      for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) {
        const v = c.f1[i * f + j]! + w.b1[j]!;
        c.f1[i * f + j] = v;
        c.g1[i * f + j] = gelu(v);
      }
      const next = l + 1 < p.layers.length ? this.caches[l + 1]!.xin : this.xL;
      matmul(next, c.g1, w.w2, n, f, d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) next[i * d + j]! += w.b2[j]! + c.xmid[i * d + j]!;
      x = next;
    }
    layerNorm(this.hf, this.xL, p.lnfg, p.lnfb, n, d, this.meanf, this.rstdf);
    const m = rows.length;
    const hc = this.hcompact;
    rows.forEach((i, r) => hc.set(this.hf.subarray(i * d, i * d + d), r * d));
    matmul(this.logits, hc, p.wout, m, d, V);
  }

  /** Backpropagates this.dlogits (rows `rows`) through the pass `forward` ran, adding into grads. */
  private backward(p: ParamView, grads: ParamView, tokens: ArrayLike<number>, n: number, rows: readonly number[]): void {
    const { dim: d, heads: H, vocabSize: V, ffMult } = this.config;
    const f = d * ffMult;
    const m = rows.length;
    const hc = this.hcompact;
    const dl = this.dlogits;
    matmulBackWeight(grads.wout, hc, dl, m, d, V);
    matmulBackInput(this.dhc, dl, p.wout, m, d, V);
    this.dh.fill(0, 0, n * d);
    rows.forEach((i, r) => this.dh.set(this.dhc.subarray(r * d, r * d + d), i * d));
    const dxv = this.dx;
    dxv.fill(0, 0, n * d);
    layerNormBack(dxv, this.dh, this.xL, p.lnfg, this.meanf, this.rstdf, grads.lnfg, grads.lnfb, n, d);
    for (let l = p.layers.length - 1; l >= 0; l--) {
      const w = p.layers[l]!;
      const gw = grads.layers[l]!;
      const c = this.caches[l]!;
      // MLP: x_out = xmid + gelu(h2·w1 + b1)·w2 + b2.
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) gw.b2[j]! += dxv[i * d + j]!;
      matmulBackWeight(gw.w2, c.g1, dxv, n, f, d);
      matmulBackInput(this.dbig, dxv, w.w2, n, f, d);
      for (let i = 0; i < n * f; i++) this.dbig[i] = this.dbig[i]! * geluGrad(c.f1[i]!);
      for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) gw.b1[j]! += this.dbig[i * f + j]!;
      matmulBackWeight(gw.w1, c.h2, this.dbig, n, d, f);
      matmulBackInput(this.dh, this.dbig, w.w1, n, d, f);
      layerNormBack(dxv, this.dh, c.xmid, w.ln2g, c.mean2, c.rstd2, gw.ln2g, gw.ln2b, n, d);
      // Attention: xmid = xin + att·wo.
      matmulBackWeight(gw.wo, c.att, dxv, n, d, d);
      matmulBackInput(this.datt, dxv, w.wo, n, d, d);
      const dq = this.dqkv;
      attentionBackward(dq, this.datt, c.qkv, c.probs, n, d, H);
      // The gradient of the rotated queries and keys, rotated back onto the projection's output.
      if (this.rope) applyRope(dq, n, d, H, this.rope, (r) => r, true);
      matmulBackWeight(gw.wqkv, c.h1, dq, n, d, 3 * d);
      matmulBackInput(this.dh, dq, w.wqkv, n, d, 3 * d);
      layerNormBack(dxv, this.dh, c.xin, w.ln1g, c.mean1, c.rstd1, gw.ln1g, gw.ln1b, n, d);
    }
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      for (let j = 0; j < d; j++) {
        grads.tokEmb[t * d + j]! += dxv[i * d + j]!;
        grads.posEmb[i * d + j]! += dxv[i * d + j]!;
      }
    }
  }
}

/** One sampled decision for {@link Backprop.runPolicy}. */
export interface PolicyDecision {
  /** Position whose logits drew the token `tokens[at + 1]`. */
  at: number;
  /** Sorted token ids it was restricted to, or null. */
  allowed: Int32Array | null;
  /** Additive logit biases in force ([id, bias]), or null. */
  bias: readonly (readonly [number, number])[] | null;
}
