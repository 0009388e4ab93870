import type { BudgetTracker } from './budget.js';

/** The max_tokens and choice count of one model call, cut to the budget, and how to settle it. */
export interface BudgetedCall {
  /** Tokens per choice (at least 1). */
  maxTokens: number;
  /** Choices to ask for (fewer than wanted when the budget cannot give each one a token). */
  n: number;
  /** True when the budget lowered `maxTokens` or `n` (a `length` finish is then the budget's doing). */
  cut: boolean;
  /** Call with the tokens the call wrote (0 when it failed) as soon as it returns. */
  settle(written: number): void;
}

/**
 * What one model call may ask for: `perChoice` tokens for each of `n` choices, or less
 * when the search's token budget has less left (claimed at once, so concurrent calls share
 * what is left rather than each asking for all of it). Null when nothing is left: make no
 * call. Every model call of a search (policy, judge, value) goes through here, so that a
 * budget bounds each request sent to any provider, local or remote.
 */
export function budgetedCall(budget: BudgetTracker, perChoice: number, n = 1): BudgetedCall | null {
  const claim = budget.claimTokens(perChoice * n);
  if (claim.granted < 1) {
    claim.settle(0);
    return null;
  }
  const choices = Math.min(n, claim.granted);
  const maxTokens = Math.max(1, Math.min(perChoice, Math.floor(claim.granted / choices)));
  return { maxTokens, n: choices, cut: maxTokens < perChoice || choices < n, settle: claim.settle };
}
