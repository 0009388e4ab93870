import { layerNorm } from '../kernels.js';
import { applyRope, ropeTables, type RopeTables } from '../rope.js';
import type { DecoderSequence, SequenceDecoder } from '../decoder.js';
import { paramViews, type ParamView, type TransformerConfig } from '../transformer.js';
import { instantiateKernels, type KernelExports } from './wasm-kernels.js';

const PAGE = 65536;
const ALIGN = 16;
const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

/** A sequence whose key/value cache lives in the decoder's WebAssembly memory (a slot). */
interface ResidentSequence extends DecoderSequence {
  slot: number;
}

/**
 * The batched key/value-cache decoder of {@link KvDecoder} with everything heavy kept in
 * WebAssembly memory: the weight matrices are copied in once (padded for the tiled
 * product) instead of on every call, the key/value caches live there in fixed slots, and
 * each step's attention (every head of every sequence, against its cache) runs in wasm
 * (`decodeAttention`). LayerNorm, rotary positions and GELU stay in JS, on B rows. Its
 * logits agree with KvDecoder's to float rounding (tested), not bit for bit.
 */
export class ResidentDecoder implements SequenceDecoder {
  private readonly wasm: KernelExports;
  private heap: Float32Array;
  private readonly view: ParamView;
  private readonly rope: RopeTables | null;
  /** Float offsets of the padded weight matrices: per layer qkv, o, 1, 2; then the output. */
  private readonly weights: { qkv: number; o: number; w1: number; b1: number; w2: number }[] = [];
  private readonly wout: number;
  private readonly pad: { qkv: number; d: number; f: number; v: number };
  /** Scratch for a chunk of `cap` rows: input, output, queries, attention, scores. */
  private readonly scratch: { a: number; c: number; f: number; q: number; att: number; scores: number };
  private readonly slotsAt: number;
  private readonly slotFloats: number;
  private slotCount = 0;
  private readonly free: number[] = [];
  private readonly js: { x: Float32Array; h: Float32Array; qkv: Float32Array; logits: Float32Array };

  /** `cap`: rows per chunk of a step (a larger batch runs in chunks). */
  constructor(readonly config: TransformerConfig, private readonly params: Float32Array, private readonly cap = 64) {
    const wasm = instantiateKernels();
    if (!wasm) throw new Error('WebAssembly SIMD is not available: use KvDecoder');
    const { dim: d, heads: H, ffMult, vocabSize: V, context: T, layers: L } = config;
    if ((d / H) % 4 !== 0) throw new RangeError(`the resident decoder needs a head width divisible by 4, got ${d / H}`);
    this.wasm = wasm;
    this.rope = ropeTables(config);
    this.view = paramViews(config, params).view;
    const f = d * ffMult;
    this.pad = { qkv: roundUp(3 * d, 8), d: roundUp(d, 8), f: roundUp(f, 8), v: roundUp(V, 8) };
    let at = 0;
    const take = (floats: number) => {
      const start = at;
      at = roundUp(at + floats, ALIGN);
      return start;
    };
    for (let l = 0; l < L; l++) {
      this.weights.push({ qkv: take(d * this.pad.qkv), o: take(d * this.pad.d), w1: take(d * this.pad.f), b1: take(this.pad.f), w2: take(f * this.pad.d) });
    }
    this.wout = take(d * this.pad.v);
    const widest = Math.max(this.pad.qkv, this.pad.f, this.pad.v, f);
    this.scratch = { a: take(cap * widest), c: take(cap * widest), f: take(cap * this.pad.f), q: take(cap * d), att: take(cap * d), scores: take(T + 8) };
    this.slotsAt = at;
    this.slotFloats = roundUp(2 * L * T * d, ALIGN);
    this.heap = this.reserve(this.slotsAt);
    this.reload();
    this.js = {
      x: new Float32Array(cap * d), h: new Float32Array(cap * d), qkv: new Float32Array(cap * 3 * d),
      logits: new Float32Array(cap * V),
    };
  }

  private reserve(floats: number): Float32Array {
    const { memory } = this.wasm;
    const need = floats * 4;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    if (!this.heap || this.heap.buffer !== memory.buffer) this.heap = new Float32Array(memory.buffer);
    return this.heap;
  }

  /** Copies the weight matrices in (rows padded with zeros to a multiple of 8 floats). */
  reload(): void {
    const h = this.heap;
    const put = (at: number, w: Float32Array, rows: number, cols: number, stride: number) => {
      for (let r = 0; r < rows; r++) {
        h.set(w.subarray(r * cols, r * cols + cols), at + r * stride);
        h.fill(0, at + r * stride + cols, at + (r + 1) * stride);
      }
    };
    const { dim: d, ffMult, vocabSize: V } = this.config;
    const f = d * ffMult;
    this.view.layers.forEach((w, l) => {
      const o = this.weights[l]!;
      put(o.qkv, w.wqkv, d, 3 * d, this.pad.qkv);
      put(o.o, w.wo, d, d, this.pad.d);
      put(o.w1, w.w1, d, f, this.pad.f);
      put(o.b1, w.b1, 1, f, this.pad.f);
      put(o.w2, w.w2, f, d, this.pad.d);
    });
    put(this.wout, this.view.wout, d, V, this.pad.v);
  }

  newSequence(): ResidentSequence {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.slotCount++;
      this.reserve(this.slotsAt + this.slotCount * this.slotFloats);
    }
    return { slot, length: 0 };
  }

  clone(seq: DecoderSequence): ResidentSequence {
    const from = seq as ResidentSequence;
    const copy = this.newSequence();
    const { dim: d, context: T } = this.config;
    const used = from.length * d;
    const a = this.slotsAt + from.slot * this.slotFloats;
    const b = this.slotsAt + copy.slot * this.slotFloats;
    for (let part = 0; part < 2 * this.config.layers; part++) {
      this.heap.copyWithin(b + part * T * d, a + part * T * d, a + part * T * d + used);
    }
    copy.length = from.length;
    return copy;
  }

  release(seq: DecoderSequence): void {
    const s = seq as ResidentSequence;
    if (s.slot >= 0) this.free.push(s.slot);
    s.slot = -1;
  }

  step(seqs: readonly DecoderSequence[], tokens: readonly number[]): Float32Array {
    const V = this.config.vocabSize;
    const B = seqs.length;
    if (this.js.logits.length < B * V) this.js.logits = new Float32Array(B * V);
    for (let start = 0; start < B; start += this.cap) {
      const end = Math.min(B, start + this.cap);
      this.stepChunk(seqs.slice(start, end) as ResidentSequence[], tokens.slice(start, end), this.js.logits.subarray(start * V, end * V));
    }
    return this.js.logits.subarray(0, B * V);
  }

  /** out[n×m] = a·W for a resident W (padded to stride M), a given in JS (row stride k). */
  private product(out: Float32Array, a: Float32Array | null, aAt: number, n: number, k: number, m: number, M: number, w: number, aStride = k): void {
    const h = this.heap;
    const { c } = this.scratch;
    if (a) h.set(a.subarray(0, n * k), aAt);
    this.wasm.gemm(c * 4, aAt * 4, w * 4, n, k, M, aStride * 4, 4, M * 4, M * 4, 0, 0);
    if (M === m) out.set(h.subarray(c, c + n * m));
    else for (let r = 0; r < n; r++) out.set(h.subarray(c + r * M, c + r * M + m), r * m);
  }

  private stepChunk(seqs: readonly ResidentSequence[], tokens: readonly number[], logits: Float32Array): void {
    const { dim: d, heads: H, ffMult, vocabSize: V, context: T } = this.config;
    const B = seqs.length;
    const f = d * ffMult;
    const dh = d / H;
    const p = this.view;
    const { x, h, qkv } = this.js;
    const heap = this.heap;
    const s = this.scratch;
    for (let b = 0; b < B; b++) {
      const seq = seqs[b]!;
      if (seq.slot < 0) throw new RangeError('sequence was released');
      const pos = seq.length;
      if (pos >= T) throw new RangeError(`sequence is full (context ${T})`);
      const t = tokens[b]!;
      for (let j = 0; j < d; j++) x[b * d + j] = p.tokEmb[t * d + j]! + p.posEmb[pos * d + j]!;
    }
    for (let l = 0; l < p.layers.length; l++) {
      const w = p.layers[l]!;
      const o = this.weights[l]!;
      layerNorm(h, x, w.ln1g, w.ln1b, B, d);
      this.product(qkv, h, s.a, B, d, 3 * d, this.pad.qkv, o.qkv);
      if (this.rope) applyRope(qkv, B, d, H, this.rope, (b) => seqs[b]!.length);
      for (let b = 0; b < B; b++) {
        const seq = seqs[b]!;
        const slot = this.slotsAt + seq.slot * this.slotFloats;
        const K = slot + (2 * l) * T * d;
        const Vc = slot + (2 * l + 1) * T * d;
        heap.set(qkv.subarray(b * 3 * d + d, b * 3 * d + 2 * d), K + seq.length * d);
        heap.set(qkv.subarray(b * 3 * d + 2 * d, b * 3 * d + 3 * d), Vc + seq.length * d);
        heap.set(qkv.subarray(b * 3 * d, b * 3 * d + d), s.q + b * d);
        this.wasm.decodeAttention((s.att + b * d) * 4, (s.q + b * d) * 4, K * 4, Vc * 4, seq.length + 1, H, dh * 4, d * 4, 1 / Math.sqrt(dh), s.scores * 4);
      }
      this.product(h, null, s.att, B, d, d, this.pad.d, o.o);
      for (let i = 0; i < B * d; i++) x[i]! += h[i]!;
      layerNorm(h, x, w.ln2g, w.ln2b, B, d);
      // The MLP stays in wasm memory: h·w1 into f, GELU in place, then f·w2.
      heap.set(h.subarray(0, B * d), s.a);
      this.wasm.gemm(s.f * 4, s.a * 4, o.w1 * 4, B, d, this.pad.f, d * 4, 4, this.pad.f * 4, this.pad.f * 4, 0, 0);
      this.wasm.biasGelu(s.f * 4, B, this.pad.f, this.pad.f * 4, o.b1 * 4);
      this.product(h, null, s.f, B, f, d, this.pad.d, o.w2, this.pad.f);
      for (let b = 0; b < B; b++) for (let j = 0; j < d; j++) x[b * d + j]! += h[b * d + j]! + w.b2[j]!;
    }
    for (const seq of seqs) seq.length += 1;
    layerNorm(h, x, p.lnfg, p.lnfb, B, d);
    this.product(logits, h, s.a, B, d, V, this.pad.v, this.wout);
  }
}
