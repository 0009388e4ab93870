/** AdamW state over one flat parameter array (moments are saved in checkpoints for exact resume). */
export interface AdamState {
  step: number;
  m: Float32Array;
  v: Float32Array;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Global gradient-norm clip (0: none). */
  clip?: number;
}

export function createAdamState(size: number): AdamState {
  return { step: 0, m: new Float32Array(size), v: new Float32Array(size) };
}

/** One AdamW update of `params` from `grads`; returns the gradient norm before clipping. */
export function adamStep(params: Float32Array, grads: Float32Array, state: AdamState, options: AdamOptions): number {
  const { lr, beta1 = 0.9, beta2 = 0.98, eps = 1e-8, weightDecay = 0.01, clip = 1 } = options;
  let norm = 0;
  for (let i = 0; i < grads.length; i++) norm += grads[i]! * grads[i]!;
  norm = Math.sqrt(norm);
  const k = clip > 0 && norm > clip ? clip / norm : 1;
  state.step += 1;
  const c1 = 1 - Math.pow(beta1, state.step);
  const c2 = 1 - Math.pow(beta2, state.step);
  const { m, v } = state;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i]! * k;
    m[i] = beta1 * m[i]! + (1 - beta1) * g;
    v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
    params[i] = params[i]! * (1 - lr * weightDecay) - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
  }
  return norm;
}
