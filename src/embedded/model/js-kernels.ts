import type { Kernels } from './kernels-interface.js';

/**
 * The kernels in plain JS: the reference the WebAssembly ones are tested against, and the
 * fallback where a runtime lacks WebAssembly SIMD. Loops are ordered so the innermost one
 * runs over contiguous memory (an axpy or a dot), which is what V8 compiles well.
 */

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

/**
 * Causal multi-head attention of n positions: for each head h (columns h·dh.. of the q, k
 * and v blocks of qkv[n×3d]), probs[(h·n + t)·n + s] = softmax_s≤t(q_t·k_s / √dh) (0 for
 * s > t) and att[t] = Σ_s probs·v_s (att overwritten).
 */
function attentionForwardJs(att: Float32Array, probs: Float32Array, qkv: Float32Array, n: number, d: number, heads: number): void {
  const dh = d / heads;
  const attScale = 1 / Math.sqrt(dh);
  att.fill(0, 0, n * d);
  for (let h = 0; h < heads; h++) {
    const qo = h * dh, ko = d + h * dh, vo = 2 * d + h * dh;
    for (let t = 0; t < n; t++) {
      const row = (h * n + t) * n;
      let max = -Infinity;
      for (let s = 0; s <= t; s++) {
        let dot = 0;
        for (let j = 0; j < dh; j++) dot += qkv[t * 3 * d + qo + j]! * qkv[s * 3 * d + ko + j]!;
        dot *= attScale;
        probs[row + s] = dot;
        if (dot > max) max = dot;
      }
      let sum = 0;
      for (let s = 0; s <= t; s++) {
        const e = Math.exp(probs[row + s]! - max);
        probs[row + s] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let s = 0; s <= t; s++) {
        const pr = probs[row + s]! * inv;
        probs[row + s] = pr;
        const vs = s * 3 * d + vo;
        const at = t * d + h * dh;
        for (let j = 0; j < dh; j++) att[at + j]! += pr * qkv[vs + j]!;
      }
      probs.fill(0, row + t + 1, row + n);
    }
  }
}

let scratch = new Float32Array(0);

/** The gradient at qkv (dqkv[n×3d], overwritten) of attentionForward, given datt and its probs. */
function attentionBackwardJs(dqkv: Float32Array, datt: Float32Array, qkv: Float32Array, probs: Float32Array, n: number, d: number, heads: number): void {
  const dh = d / heads;
  const attScale = 1 / Math.sqrt(dh);
  if (scratch.length < n) scratch = new Float32Array(n);
  const dP = scratch;
  dqkv.fill(0, 0, n * 3 * d);
  for (let h = 0; h < heads; h++) {
    const qo = h * dh, ko = d + h * dh, vo = 2 * d + h * dh;
    for (let t = 0; t < n; t++) {
      const row = (h * n + t) * n;
      const at = t * d + h * dh;
      let dot = 0;
      for (let s = 0; s <= t; s++) {
        const vs = s * 3 * d + vo;
        let g = 0;
        for (let j = 0; j < dh; j++) g += datt[at + j]! * qkv[vs + j]!;
        dP[s] = g;
        const pr = probs[row + s]!;
        dot += pr * g;
        for (let j = 0; j < dh; j++) dqkv[vs + j]! += pr * datt[at + j]!;
      }
      const tq = t * 3 * d + qo;
      for (let s = 0; s <= t; s++) {
        const ds = probs[row + s]! * (dP[s]! - dot) * attScale;
        if (ds === 0) continue;
        const sk = s * 3 * d + ko;
        for (let j = 0; j < dh; j++) {
          dqkv[tq + j]! += ds * qkv[sk + j]!;
          dqkv[sk + j]! += ds * qkv[tq + j]!;
        }
      }
    }
  }
}

export const jsKernels: Kernels = {
  matmul: matmulJs,
  matmulBackInput: matmulBackInputJs,
  matmulBackWeight: matmulBackWeightJs,
  attentionForward: attentionForwardJs,
  attentionBackward: attentionBackwardJs,
};
