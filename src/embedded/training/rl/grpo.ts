/**
 * The pieces of the GRPO objective, as pure functions (the loop and the workers share
 * them): the reward of one search, group-normalised advantages, and the per-decision
 * coefficient of ∇log π that the clipped surrogate and the KL penalty give.
 */
export const TOKEN_REWARDS = ['bounded', 'linear'] as const;

export interface RewardOptions {
  /** The price of a token the model wrote: shorter searches that still solve win (see searchReward). */
  tokenCost: number;
  /** How tokens cost (default `linear`, the rule of runs that predate the choice). */
  tokenReward?: (typeof TOKEN_REWARDS)[number];
  /** Added to a value decision's advantage when the task confirms it (subtracted when wrong). */
  valueCredit: number;
}

export interface GrpoOptions {
  /** PPO clip range ε: the ratio π/π_old is clipped to [1 − ε, 1 + ε]. */
  clip: number;
  /** Weight β of the k3 estimate of KL(π ‖ π_ref) on sampled decisions. */
  kl: number;
}

/**
 * Outcome reward of one search, c the token cost and t its model tokens:
 * - `bounded`: 1 / (1 + c·t) for a verified answer, 0 otherwise. A solve always outranks a
 *   failure, a shorter solve a longer one, and a failure is never cheaper for ending sooner.
 * - `linear`: (1 for a verified answer) − c·t. A solve longer than a failure by more than 1/c
 *   tokens ranks below it, so on long (folded) searches it teaches giving up early.
 */
export function searchReward(solved: boolean, modelTokens: number, options: Pick<RewardOptions, 'tokenCost' | 'tokenReward'>): number {
  if (options.tokenReward === 'bounded') return solved ? 1 / (1 + options.tokenCost * modelTokens) : 0;
  return (solved ? 1 : 0) - options.tokenCost * modelTokens;
}

/**
 * GRPO advantages: each reward minus its group's mean, over the group's standard
 * deviation (0 for a group whose rewards are all equal: nothing to prefer there).
 */
export function groupAdvantages(rewards: readonly number[], groups: readonly number[]): number[] {
  const byGroup = new Map<number, number[]>();
  groups.forEach((g, i) => {
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g)!.push(rewards[i]!);
  });
  const stats = new Map<number, { mean: number; std: number }>();
  for (const [g, rs] of byGroup) {
    const mean = rs.reduce((s, r) => s + r, 0) / rs.length;
    const std = Math.sqrt(rs.reduce((s, r) => s + (r - mean) ** 2, 0) / rs.length);
    stats.set(g, { mean, std });
  }
  return rewards.map((r, i) => {
    const { mean, std } = stats.get(groups[i]!)!;
    return std > 1e-9 ? (r - mean) / std : 0;
  });
}

export interface DecisionTerms {
  /** Coefficient c of ∇log π (the update ascends Σ c·log π). */
  coefficient: number;
  /** k3 estimate of KL(π ‖ π_ref) at this decision. */
  kl: number;
  /** Whether the clipped side of the surrogate was active (no policy gradient). */
  clipped: boolean;
}

/**
 * One decision's share of the objective  min(r·A, clip(r, 1±ε)·A) − β·k3, with
 * r = π/π_old and k3 = π_ref/π − log(π_ref/π) − 1 (unbiased, always ≥ 0). Its gradient is
 * c·∇log π with c = r·A where the surrogate is not clipped (0 where it is) plus
 * β·(π_ref/π − 1) from the KL term.
 */
export function decisionTerms(advantage: number, logp: number, oldLogp: number, refLogp: number, options: GrpoOptions): DecisionTerms {
  const ratio = Math.exp(logp - oldLogp);
  const clipped = (advantage > 0 && ratio > 1 + options.clip) || (advantage < 0 && ratio < 1 - options.clip);
  const refRatio = Math.exp(refLogp - logp);
  const kl = refRatio - (refLogp - logp) - 1;
  const coefficient = (clipped ? 0 : ratio * advantage) + options.kl * (refRatio - 1);
  return { coefficient, kl, clipped };
}
