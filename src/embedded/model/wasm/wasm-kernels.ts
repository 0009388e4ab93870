import type { Kernels } from '../kernels-interface.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  gemm(c: number, a: number, b: number, rows: number, red: number, cols: number,
    aRow: number, aRed: number, bStride: number, cStride: number, acc: number, tri: number): void;
  gemmNT(c: number, a: number, b: number, rows: number, cols: number, red: number,
    aStride: number, bStride: number, cStride: number): void;
  softmaxRows(p: number, rows: number, stride: number, scale: number): void;
  softmaxBack(ds: number, p: number, rows: number, stride: number, scale: number): void;
  gather(dst: number, src: number, rows: number, cols: number, srcStride: number, dstRow: number, dstCol: number): void;
  trilCopy(dst: number, src: number, rows: number, srcStride: number, dstStride: number, zeroAll: number): void;
  biasGelu(p: number, rows: number, cols: number, stride: number, bias: number): void;
  decodeAttention(out: number, q: number, k: number, v: number, len: number, heads: number, dh: number, rowBytes: number, scale: number, scores: number): void;
}

const PAGE = 65536;
/** Region starts are aligned to a cache line (in floats). */
const ALIGN = 16;

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bin = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

/** A fresh instance of the kernels module (its own memory), or null without WebAssembly SIMD. */
export function instantiateKernels(): KernelExports | null {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled ? (new WebAssembly.Instance(compiled, {}).exports as unknown as KernelExports) : null;
}

/**
 * The dense kernels in WebAssembly SIMD, or null where this runtime does not validate the
 * module (no SIMD). Each call copies its inputs into the module's memory (grown as needed
 * and reused), runs and copies the result back, so callers keep plain Float32Arrays.
 * The instance belongs to the calling thread: every worker creates its own.
 */
export function createWasmKernels(): Kernels | null {
  const exports = instantiateKernels();
  if (!exports) return null;
  const { memory, gemm, gemmNT, softmaxRows, softmaxBack, gather, trilCopy } = exports;
  let heap = new Float32Array(memory.buffer);

  /** Makes room for `floats` floats; returns the (possibly new) view of the memory. */
  function reserve(floats: number): Float32Array {
    const need = floats * 4;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    if (heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer);
    return heap;
  }

  /** Copies rows×cols of `src` (row stride cols) into the heap at `at` with row stride `stride`, zeroing the padding. */
  function putRows(h: Float32Array, at: number, src: Float32Array, rows: number, cols: number, stride: number): void {
    if (stride === cols) {
      h.set(src.subarray(0, rows * cols), at);
      return;
    }
    for (let r = 0; r < rows; r++) {
      h.set(src.subarray(r * cols, r * cols + cols), at + r * stride);
      h.fill(0, at + r * stride + cols, at + (r + 1) * stride);
    }
  }

  /** Copies rows×cols from the heap at `at` (row stride `stride`) into `dst`. */
  function getRows(h: Float32Array, at: number, dst: Float32Array, rows: number, cols: number, stride: number): void {
    if (stride === cols) {
      dst.set(h.subarray(at, at + rows * cols));
      return;
    }
    for (let r = 0; r < rows; r++) dst.set(h.subarray(at + r * stride, at + r * stride + cols), r * cols);
  }

  return {
    // out[n×m] = a[n×k]·w[k×m]. Columns are padded to a multiple of 8; the padding only
    // reaches the padding of out (not copied back) but is zeroed all the same, so that stale
    // memory (a subnormal, say) can never slow a lane down.
    matmul(out, a, w, n, k, m) {
      if (n <= 0 || m <= 0) return;
      const M = roundUp(m, 8);
      const A = 0, B = roundUp(n * k, ALIGN), C = B + roundUp(k * M, ALIGN);
      const h = reserve(C + n * M);
      h.set(a.subarray(0, n * k), A);
      putRows(h, B, w, k, m, M);
      gemm(C * 4, A * 4, B * 4, n, k, M, k * 4, 4, M * 4, M * 4, 0, 0);
      getRows(h, C, out, n, m, M);
    },

    // da[n×k] = dout[n×m]·wᵀ. The reduction runs over m, so its padding must be zeros.
    matmulBackInput(da, dout, w, n, k, m) {
      if (n <= 0 || k <= 0) return;
      const M = roundUp(m, 4);
      const A = 0, B = roundUp(n * M, ALIGN), C = B + roundUp(k * M, ALIGN);
      const h = reserve(C + n * k);
      putRows(h, A, dout, n, m, M);
      putRows(h, B, w, k, m, M);
      gemmNT(C * 4, A * 4, B * 4, n, k, M, M * 4, M * 4, k * 4);
      da.set(h.subarray(C, C + n * k));
    },

    // dw[k×m] += a[n×k]ᵀ·dout[n×m]: rows of dw are the columns of a (stride 1 along the
    // tile, stride k along the reduction).
    matmulBackWeight(dw, a, dout, n, k, m) {
      if (k <= 0 || m <= 0) return;
      const M = roundUp(m, 8);
      const A = 0, B = roundUp(n * k, ALIGN), C = B + roundUp(n * M, ALIGN);
      const h = reserve(C + k * M);
      h.set(a.subarray(0, n * k), A);
      putRows(h, B, dout, n, m, M);
      putRows(h, C, dw, k, m, M);
      gemm(C * 4, A * 4, B * 4, k, n, M, 4, k * 4, M * 4, M * 4, 1, 0);
      getRows(h, C, dw, k, m, M);
    },

    // Per head, as matrix products over the heap: S = Q·Kᵀ (only tiles on or below the
    // diagonal), P = causal softmax(S) in place, O = P·V (reduction stopping at the
    // diagonal). Each head's columns are gathered into blocks of width DH = ceil8(dh), zero
    // padded; score rows have stride NP ≥ ceil4(n)+4 so softmaxRows can zero past the diagonal.
    attentionForward(att, probs, qkv, n, d, heads) {
      if (n <= 0) return;
      const dh = d / heads, DH = roundUp(dh, 8), NP = roundUp(n + 4, 8);
      const QKV = 0, ATT = QKV + roundUp(n * 3 * d, ALIGN), Q = ATT + roundUp(n * d, ALIGN);
      const KT = Q + n * DH, V = KT + DH * NP, P = V + n * DH, O = P + n * NP, PC = O + n * DH;
      const h = reserve(PC + n * n);
      h.set(qkv.subarray(0, n * 3 * d), QKV);
      h.fill(0, Q, P); // padding of the gathered blocks
      const scale = 1 / Math.sqrt(dh);
      for (let hh = 0; hh < heads; hh++) {
        gather(Q * 4, (QKV + hh * dh) * 4, n, dh, 12 * d, DH * 4, 4);
        gather(KT * 4, (QKV + d + hh * dh) * 4, n, dh, 12 * d, 4, NP * 4);
        gather(V * 4, (QKV + 2 * d + hh * dh) * 4, n, dh, 12 * d, DH * 4, 4);
        gemm(P * 4, Q * 4, KT * 4, n, DH, NP, DH * 4, 4, NP * 4, NP * 4, 0, 1);
        softmaxRows(P * 4, n, NP * 4, scale);
        gemm(O * 4, P * 4, V * 4, n, n, DH, NP * 4, 4, DH * 4, DH * 4, 0, 2);
        gather((ATT + hh * dh) * 4, O * 4, n, dh, DH * 4, d * 4, 4);
        // One copy per head: the triangle is compacted to stride n (zeros above) in wasm.
        trilCopy(PC * 4, P * 4, n, NP * 4, n * 4, 1);
        probs.set(h.subarray(PC, PC + n * n), hh * n * n);
      }
      att.set(h.subarray(ATT, ATT + n * d));
    },

    // dP = dO·Vᵀ, dS = softmax backward, dV = Pᵀ·dO, dQ = dS·K, dK = dSᵀ·Q: the transposed
    // products read P and dS down their columns, starting at the diagonal.
    attentionBackward(dqkv, datt, qkv, probs, n, d, heads) {
      if (n <= 0) return;
      const dh = d / heads, DH = roundUp(dh, 8), NP = roundUp(n + 4, 8);
      const QKV = 0, DATT = QKV + roundUp(n * 3 * d, ALIGN), DQKV = DATT + roundUp(n * d, ALIGN);
      const Q = DQKV + roundUp(n * 3 * d, ALIGN), K = Q + n * DH, VT = K + n * DH, DO = VT + DH * NP;
      const P = DO + n * DH, DS = P + n * NP, DQ = DS + n * NP, DK = DQ + n * DH, DV = DK + n * DH, PC = DV + n * DH;
      const h = reserve(PC + n * n);
      h.set(qkv.subarray(0, n * 3 * d), QKV);
      h.set(datt.subarray(0, n * d), DATT);
      h.fill(0, Q, P);
      const scale = 1 / Math.sqrt(dh);
      for (let hh = 0; hh < heads; hh++) {
        gather(Q * 4, (QKV + hh * dh) * 4, n, dh, 12 * d, DH * 4, 4);
        gather(K * 4, (QKV + d + hh * dh) * 4, n, dh, 12 * d, DH * 4, 4);
        gather(VT * 4, (QKV + 2 * d + hh * dh) * 4, n, dh, 12 * d, 4, NP * 4);
        gather(DO * 4, (DATT + hh * dh) * 4, n, dh, 4 * d, DH * 4, 4);
        h.set(probs.subarray(hh * n * n, (hh + 1) * n * n), PC);
        trilCopy(P * 4, PC * 4, n, n * 4, NP * 4, 0);
        gemm(DS * 4, DO * 4, VT * 4, n, DH, NP, DH * 4, 4, NP * 4, NP * 4, 0, 1);
        softmaxBack(DS * 4, P * 4, n, NP * 4, scale);
        gemm(DV * 4, P * 4, DO * 4, n, n, DH, 4, NP * 4, DH * 4, DH * 4, 0, 3);
        gemm(DQ * 4, DS * 4, K * 4, n, n, DH, NP * 4, 4, DH * 4, DH * 4, 0, 2);
        gemm(DK * 4, DS * 4, Q * 4, n, n, DH, 4, NP * 4, DH * 4, DH * 4, 0, 3);
        gather((DQKV + hh * dh) * 4, DQ * 4, n, dh, DH * 4, 12 * d, 4);
        gather((DQKV + d + hh * dh) * 4, DK * 4, n, dh, DH * 4, 12 * d, 4);
        gather((DQKV + 2 * d + hh * dh) * 4, DV * 4, n, dh, DH * 4, 12 * d, 4);
      }
      dqkv.set(h.subarray(DQKV, DQKV + n * 3 * d));
    },
  };
}
