import type { Backprop } from '../../model/backprop.js';
import type { ParamView } from '../../model/transformer.js';
import { decisionTerms, type GrpoOptions } from './grpo.js';
import type { Rollout } from './rollouts.js';

export interface GradientStats {
  decisions: number;
  /** Sum of the k3 KL estimates over the decisions. */
  kl: number;
  /** Decisions whose surrogate was clipped. */
  clipped: number;
}

/**
 * Adds into `grads` the gradient of the GRPO loss −scale·Σ (clipped surrogate − β·k3)
 * over the rollouts' decisions. `advantages[i][k]` is decision k of rollout i's advantage.
 * The reference model's log-probabilities come from a forward pass with `refParams`
 * (same sequence, same constrained distribution); only decisions get a gradient.
 */
export function accumulatePolicyGradient(
  backprop: Backprop, params: ParamView, refParams: ParamView, grads: ParamView,
  rollouts: readonly Rollout[], advantages: readonly Float64Array[], temperature: number, options: GrpoOptions, scale: number,
): GradientStats {
  const stats: GradientStats = { decisions: 0, kl: 0, clipped: 0 };
  rollouts.forEach((r, i) => {
    if (r.decisions.length === 0) return;
    const ref = options.kl > 0 ? backprop.runPolicy(refParams, null, r.tokens, r.decisions, temperature, null, 0) : null;
    const adv = advantages[i]!;
    backprop.runPolicy(params, grads, r.tokens, r.decisions, temperature, (k, logp) => {
      const terms = decisionTerms(adv[k]!, logp, r.oldLogp[k]!, ref ? ref[k]! : logp, options);
      stats.kl += terms.kl;
      if (terms.clipped) stats.clipped += 1;
      stats.decisions += 1;
      return terms.coefficient;
    }, scale);
  });
  return stats;
}
