/**
 * Kernels over row-major Float32Arrays. The dense products and causal attention (nearly
 * all of a training step's time) exist twice: in WebAssembly SIMD (wasm/kernels.wat),
 * used wherever the runtime validates it, and in plain JS (js-kernels.ts), the reference
 * and the fallback. Both have the semantics documented here; results agree to float
 * rounding, and each is deterministic (same inputs, same bits).
 */
export interface Kernels {
  /** out[n×m] = a[n×k] · w[k×m] (overwrites out). */
  matmul(out: Float32Array, a: Float32Array, w: Float32Array, n: number, k: number, m: number): void;
  /** da[n×k] = dout[n×m] · wᵀ (overwrites da). */
  matmulBackInput(da: Float32Array, dout: Float32Array, w: Float32Array, n: number, k: number, m: number): void;
  /** dw[k×m] += aᵀ · dout (accumulates). */
  matmulBackWeight(dw: Float32Array, a: Float32Array, dout: Float32Array, n: number, k: number, m: number): void;
  /**
   * Causal multi-head attention over n positions of qkv[n×3d] (q, k, v blocks of width d,
   * head h in columns h·d/heads..): overwrites probs[0, heads·n·n) with the attention
   * weights, probs[(h·n + t)·n + s] = softmax_s≤t(q_t·k_s/√(d/heads)) and 0 for s > t, and
   * att[n×d] with Σ_s probs·v_s.
   */
  attentionForward(att: Float32Array, probs: Float32Array, qkv: Float32Array, n: number, d: number, heads: number): void;
  /** Overwrites dqkv[n×3d] with the gradient of attentionForward given datt[n×d] and its probs. */
  attentionBackward(dqkv: Float32Array, datt: Float32Array, qkv: Float32Array, probs: Float32Array, n: number, d: number, heads: number): void;
}
