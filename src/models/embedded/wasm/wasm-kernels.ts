import type { DenseKernels } from '../kernels.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  gemm(c: number, a: number, b: number, rows: number, red: number, cols: number,
    aRow: number, aRed: number, bStride: number, cStride: number, acc: number): void;
  gemmNT(c: number, a: number, b: number, rows: number, cols: number, red: number,
    aStride: number, bStride: number, cStride: number): void;
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

/**
 * The dense kernels in WebAssembly SIMD, or null where this runtime does not validate the
 * module (no SIMD). Each call copies its inputs into the module's memory (grown as needed
 * and reused), runs and copies the result back, so callers keep plain Float32Arrays.
 * The instance belongs to the calling thread: every worker creates its own.
 */
export function createWasmKernels(): DenseKernels | null {
  const bytes = moduleBytes();
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as KernelExports;
  const { memory, gemm, gemmNT } = exports;
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
      gemm(C * 4, A * 4, B * 4, n, k, M, k * 4, 4, M * 4, M * 4, 0);
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
      gemm(C * 4, A * 4, B * 4, k, n, M, 4, k * 4, M * 4, M * 4, 1);
      getRows(h, C, dw, k, m, M);
    },
  };
}
