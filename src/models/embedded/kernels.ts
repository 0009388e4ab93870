import { createWasmKernels } from './wasm/wasm-kernels.js';

/**
 * Kernels over row-major Float32Arrays. The three dense products (most of a training
 * step's time) exist twice: in WebAssembly SIMD (wasm/kernels.wat), used wherever the
 * runtime validates it, and in plain JS below, the reference and the fallback. The JS
 * loops are ordered so the innermost one runs over contiguous memory (an axpy or a dot),
 * which is what V8 compiles well.
 */

/** The dense products of a layer and of its gradient; every implementation has these semantics. */
export interface DenseKernels {
  /** out[n×m] = a[n×k] · w[k×m] (overwrites out). */
  matmul(out: Float32Array, a: Float32Array, w: Float32Array, n: number, k: number, m: number): void;
  /** da[n×k] = dout[n×m] · wᵀ (overwrites da). */
  matmulBackInput(da: Float32Array, dout: Float32Array, w: Float32Array, n: number, k: number, m: number): void;
  /** dw[k×m] += aᵀ · dout (accumulates). */
  matmulBackWeight(dw: Float32Array, a: Float32Array, dout: Float32Array, n: number, k: number, m: number): void;
}

export type KernelBackend = 'wasm' | 'js';

/** out[n×m] = a[n×k] · w[k×m] (overwrites out). */
function matmulJs(out: Float32Array, a: Float32Array, w: Float32Array, n: number, k: number, m: number): void {
  out.fill(0, 0, n * m);
  accumulateRows(out, a, w, n, k, m);
}

/**
 * out[n×m] += a[n×k] · w[k×m], four rows of w per pass: each output element is loaded
 * and stored once per four multiply-adds, which is what makes plain JS loops fast here.
 */
function accumulateRows(out: Float32Array, a: Float32Array, w: Float32Array, n: number, k: number, m: number): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < n; i++) {
    const oi = i * m;
    const ai = i * k;
    let p = 0;
    for (; p < k4; p += 4) {
      const a0 = a[ai + p]!, a1 = a[ai + p + 1]!, a2 = a[ai + p + 2]!, a3 = a[ai + p + 3]!;
      const w0 = p * m, w1 = w0 + m, w2 = w1 + m, w3 = w2 + m;
      for (let j = 0; j < m; j++) {
        out[oi + j] = out[oi + j]! + a0 * w[w0 + j]! + a1 * w[w1 + j]! + a2 * w[w2 + j]! + a3 * w[w3 + j]!;
      }
    }
    for (; p < k; p++) {
      const av = a[ai + p]!;
      const wp = p * m;
      for (let j = 0; j < m; j++) out[oi + j]! += av * w[wp + j]!;
    }
  }
}

/** da[n×k] = dout[n×m] · wᵀ (overwrites da); four dot products share each load of dout. */
function matmulBackInputJs(da: Float32Array, dout: Float32Array, w: Float32Array, n: number, k: number, m: number): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < n; i++) {
    const oi = i * m;
    let p = 0;
    for (; p < k4; p += 4) {
      const w0 = p * m, w1 = w0 + m, w2 = w1 + m, w3 = w2 + m;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < m; j++) {
        const g = dout[oi + j]!;
        s0 += g * w[w0 + j]!;
        s1 += g * w[w1 + j]!;
        s2 += g * w[w2 + j]!;
        s3 += g * w[w3 + j]!;
      }
      da[i * k + p] = s0; da[i * k + p + 1] = s1; da[i * k + p + 2] = s2; da[i * k + p + 3] = s3;
    }
    for (; p < k; p++) {
      const wp = p * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += dout[oi + j]! * w[wp + j]!;
      da[i * k + p] = s;
    }
  }
}

/** dw[k×m] += aᵀ · dout, four rows of a per pass (each dw element loaded once per four). */
function matmulBackWeightJs(dw: Float32Array, a: Float32Array, dout: Float32Array, n: number, k: number, m: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    const o0 = i * m, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const v0 = a[a0 + p]!, v1 = a[a1 + p]!, v2 = a[a2 + p]!, v3 = a[a3 + p]!;
      const wp = p * m;
      for (let j = 0; j < m; j++) {
        dw[wp + j] = dw[wp + j]! + v0 * dout[o0 + j]! + v1 * dout[o1 + j]! + v2 * dout[o2 + j]! + v3 * dout[o3 + j]!;
      }
    }
  }
  for (; i < n; i++) {
    const oi = i * m;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p]!;
      if (av === 0) continue;
      const wp = p * m;
      for (let j = 0; j < m; j++) dw[wp + j]! += av * dout[oi + j]!;
    }
  }
}

/** The plain JS kernels: the reference the wasm ones are tested against. */
export const jsKernels: DenseKernels = {
  matmul: matmulJs,
  matmulBackInput: matmulBackInputJs,
  matmulBackWeight: matmulBackWeightJs,
};

// One instance per thread (module code runs again in every worker), created on load: the
// module is a few kB and compiles in about a millisecond.
const wasmKernels = createWasmKernels();

function pick(backend: KernelBackend): DenseKernels {
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

let backend = defaultBackend();
let active = pick(backend);

/**
 * Switches this thread's dense kernels (benchmarks compare the two in one process; worker
 * threads follow METACOT_KERNELS instead, which they inherit).
 */
export function useKernels(next: KernelBackend): void {
  active = pick(next);
  backend = next;
}

/** The backend the dense kernels of this thread run on. */
export function kernelBackend(): KernelBackend {
  return backend;
}

/** The wasm kernels, or null where the runtime lacks WebAssembly SIMD. */
export function wasmDenseKernels(): DenseKernels | null {
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
