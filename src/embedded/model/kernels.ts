import { jsKernels } from './js-kernels.js';
import type { Kernels } from './kernels-interface.js';
import { createWasmKernels } from './wasm/wasm-kernels.js';

export { jsKernels } from './js-kernels.js';
export type { Kernels } from './kernels-interface.js';

export type KernelBackend = 'wasm' | 'js';

// One instance per thread (module code runs again in every worker), created on load: the
// module is a few kB and compiles in about a millisecond.
const wasmKernels = createWasmKernels();

function pick(backend: KernelBackend): Kernels {
  if (backend === 'wasm') {
    if (!wasmKernels) throw new Error('WebAssembly SIMD kernels are not available in this runtime; use the js kernels');
    return wasmKernels;
  }
  return jsKernels;
}

/** wasm when the runtime has WebAssembly SIMD, unless METACOT_KERNELS=js asks for the JS ones. */
function defaultBackend(): KernelBackend {
  const asked = typeof process === 'object' ? process.env['METACOT_KERNELS'] : undefined;
  if (asked !== undefined && asked !== '' && asked !== 'js' && asked !== 'wasm') {
    throw new Error(`METACOT_KERNELS=${asked} is not a kernel backend; use js or wasm`);
  }
  if (asked === 'js' || !wasmKernels) return 'js';
  return 'wasm';
}

let backend: KernelBackend | 'custom' = defaultBackend();
let active = pick(backend);

/**
 * Switches this thread's kernels: a backend by name (benchmarks compare the two in one
 * process; worker threads follow METACOT_KERNELS instead, which they inherit), or an
 * implementation of one's own (instrumented ones, in tests and benchmarks).
 */
export function useKernels(next: KernelBackend | Kernels): void {
  if (typeof next === 'string') {
    active = pick(next);
    backend = next;
  } else {
    active = next;
    backend = 'custom';
  }
}

/** What the kernels of this thread run on ('custom' after useKernels with an implementation). */
export function kernelBackend(): KernelBackend | 'custom' {
  return backend;
}

/** The wasm kernels, or null where the runtime lacks WebAssembly SIMD. */
export function availableWasmKernels(): Kernels | null {
  return wasmKernels;
}

/** out[n×m] = a[n×k] · w[k×m] (overwrites out). */
export function matmul(out: Float32Array, a: Float32Array, w: Float32Array, n: number, k: number, m: number): void {
  active.matmul(out, a, w, n, k, m);
}

/** da[n×k] = dout[n×m] · wᵀ (overwrites da). */
export function matmulBackInput(da: Float32Array, dout: Float32Array, w: Float32Array, n: number, k: number, m: number): void {
  active.matmulBackInput(da, dout, w, n, k, m);
}

/** dw[k×m] += aᵀ · dout (accumulates). */
export function matmulBackWeight(dw: Float32Array, a: Float32Array, dout: Float32Array, n: number, k: number, m: number): void {
  active.matmulBackWeight(dw, a, dout, n, k, m);
}

/** See {@link Kernels.attentionForward}. */
export function attentionForward(att: Float32Array, probs: Float32Array, qkv: Float32Array, n: number, d: number, heads: number): void {
  active.attentionForward(att, probs, qkv, n, d, heads);
}

/** See {@link Kernels.attentionBackward}. */
export function attentionBackward(dqkv: Float32Array, datt: Float32Array, qkv: Float32Array, probs: Float32Array, n: number, d: number, heads: number): void {
  active.attentionBackward(dqkv, datt, qkv, probs, n, d, heads);
}

const LN_EPS = 1e-5;

/** LayerNorm over rows of width d; stores mean and 1/std per row for the backward pass. */
export function layerNorm(
  out: Float32Array, x: Float32Array, g: Float32Array, b: Float32Array, n: number, d: number,
  mean?: Float32Array, rstd?: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let mu = 0;
    for (let j = 0; j < d; j++) mu += x[o + j]!;
    mu /= d;
    let v = 0;
    for (let j = 0; j < d; j++) {
      const c = x[o + j]! - mu;
      v += c * c;
    }
    const r = 1 / Math.sqrt(v / d + LN_EPS);
    if (mean) mean[i] = mu;
    if (rstd) rstd[i] = r;
    for (let j = 0; j < d; j++) out[o + j] = (x[o + j]! - mu) * r * g[j]! + b[j]!;
  }
}

/** Adds the LayerNorm input gradient into dx and the parameter gradients into dg, db. */
export function layerNormBack(
  dx: Float32Array, dy: Float32Array, x: Float32Array, g: Float32Array, mean: Float32Array, rstd: Float32Array,
  dg: Float32Array, db: Float32Array, n: number, d: number,
): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const mu = mean[i]!;
    const r = rstd[i]!;
    let sum = 0;
    let sumX = 0;
    for (let j = 0; j < d; j++) {
      const xhat = (x[o + j]! - mu) * r;
      const dxhat = dy[o + j]! * g[j]!;
      dg[j]! += dy[o + j]! * xhat;
      db[j]! += dy[o + j]!;
      sum += dxhat;
      sumX += dxhat * xhat;
    }
    sum /= d;
    sumX /= d;
    for (let j = 0; j < d; j++) {
      const xhat = (x[o + j]! - mu) * r;
      dx[o + j]! += r * (dy[o + j]! * g[j]! - sum - xhat * sumX);
    }
  }
}

const GELU_C = Math.sqrt(2 / Math.PI);

export function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
}

export function geluGrad(x: number): number {
  const u = GELU_C * (x + 0.044715 * x * x * x);
  const t = Math.tanh(u);
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
}
