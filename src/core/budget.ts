import { InputError } from './errors.js';
import { emptyUsage, type Usage } from './usage.js';

/** Limits for one search run; a missing field means unlimited. */
export interface Budget {
  maxPolicyCalls?: number;
  /** Generated (output) tokens. */
  maxTokens?: number;
  maxVerifierCalls?: number;
  /** Wall-clock limit in milliseconds. */
  timeoutMs?: number;
}

/**
 * Why a search ended. `solved`: it found a verified answer and stops there by design;
 * `completed`: the algorithm ran its course (e.g. all N samples drawn); `exhausted`:
 * the search space has nothing left to expand; `model-error`: a model refused a request
 * (an HTTP 4xx such as a context overflow) and the search kept what it had finished;
 * the rest are budget limits or an abort.
 */
export type StopReason =
  | 'solved'
  | 'completed'
  | 'exhausted'
  | 'policy-calls'
  | 'tokens'
  | 'verifier-calls'
  | 'timeout'
  | 'aborted'
  | 'model-error';

export const STOP_REASONS: readonly StopReason[] = [
  'solved', 'completed', 'exhausted', 'policy-calls', 'tokens', 'verifier-calls', 'timeout', 'aborted', 'model-error',
];

const BUDGET_FIELDS = ['maxPolicyCalls', 'maxTokens', 'maxVerifierCalls', 'timeoutMs'] as const;

/** Checks that every given limit is a non-negative finite number; names the field otherwise. */
export function validateBudget(budget: Budget, names: Partial<Record<keyof Budget, string>> = {}): Budget {
  for (const field of BUDGET_FIELDS) {
    const value = budget[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InputError(`${names[field] ?? field} must be a non-negative number, got ${String(value)}`);
    }
  }
  return budget;
}

/** Output tokens granted to one model call; `settle` with what it wrote once it returns. */
export interface TokenClaim {
  readonly granted: number;
  settle(written: number): void;
}

/**
 * Tracks spending against a Budget. Searches ask `stopReason()` before each batch of
 * calls and `charge()` after it, so a limit is overrun by at most the one batch in flight.
 */
export class BudgetTracker {
  readonly spent: Usage = emptyUsage();
  private readonly startedAt: number;
  /** Output tokens promised to model calls in flight (their max_tokens), see `claimTokens`. */
  private claimedOut = 0;
  /** Output tokens that returned calls wrote and that nobody has charged yet. */
  private unchargedOut = 0;
  /** True once the token budget gave a call less than it asked for: what followed was cut short by it. */
  tokensCut = false;

  constructor(
    readonly budget: Budget = {},
    private readonly now: () => number = Date.now,
  ) {
    validateBudget(budget);
    this.startedAt = now();
  }

  /** Adds `usage` to what was spent, all but `ms` (wall time is the clock's, see `snapshot`). */
  charge(usage: Partial<Usage>): void {
    // Field by field rather than `addUsage` on a copy without `ms`: searches charge once per
    // batch, and the copy showed in profiles of fast symbolic searches.
    const s = this.spent;
    s.policyCalls += usage.policyCalls ?? 0;
    s.tokensIn += usage.tokensIn ?? 0;
    s.tokensOut += usage.tokensOut ?? 0;
    s.verifierCalls += usage.verifierCalls ?? 0;
    if (this.unchargedOut > 0) this.unchargedOut = Math.max(0, this.unchargedOut - (usage.tokensOut ?? 0));
    if (usage.cacheHits) s.cacheHits = (s.cacheHits ?? 0) + usage.cacheHits;
    if (usage.cacheMisses) s.cacheMisses = (s.cacheMisses ?? 0) + usage.cacheMisses;
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** The limit that has run out, or null while there is budget left. */
  stopReason(): StopReason | null {
    const b = this.budget;
    if (b.maxPolicyCalls !== undefined && this.spent.policyCalls >= b.maxPolicyCalls) return 'policy-calls';
    if (b.maxTokens !== undefined && this.spent.tokensOut >= b.maxTokens) return 'tokens';
    if (b.maxVerifierCalls !== undefined && this.spent.verifierCalls >= b.maxVerifierCalls) return 'verifier-calls';
    if (b.timeoutMs !== undefined && this.elapsedMs() >= b.timeoutMs) return 'timeout';
    return null;
  }

  /** Policy calls still allowed (Infinity when unlimited). */
  remainingPolicyCalls(): number {
    const max = this.budget.maxPolicyCalls;
    return max === undefined ? Infinity : Math.max(0, max - this.spent.policyCalls);
  }

  remainingVerifierCalls(): number {
    const max = this.budget.maxVerifierCalls;
    return max === undefined ? Infinity : Math.max(0, max - this.spent.verifierCalls);
  }

  /**
   * Output tokens a new model call may still ask for: the limit, less what was spent, what
   * calls in flight were promised and what returned calls wrote but nobody charged yet
   * (Infinity when unlimited). Concurrent calls therefore never ask for more in total than
   * the budget has.
   */
  tokensLeft(): number {
    const max = this.budget.maxTokens;
    return max === undefined ? Infinity : Math.max(0, max - this.spent.tokensOut - this.claimedOut - this.unchargedOut);
  }

  /**
   * Claims up to `want` output tokens for one model call (its max_tokens). `settle(written)`
   * when the call returns (or fails, with 0): the unused part goes back, and what it wrote
   * stays held until the caller (or the search) charges it.
   */
  claimTokens(want: number): TokenClaim {
    const granted = Math.max(0, Math.min(Math.floor(want), this.tokensLeft()));
    if (granted < Math.floor(want)) this.tokensCut = true;
    if (this.budget.maxTokens === undefined) return { granted, settle: () => {} };
    this.claimedOut += granted;
    let settled = false;
    return {
      granted,
      settle: (written) => {
        if (settled) return;
        settled = true;
        this.claimedOut -= granted;
        this.unchargedOut += Math.max(0, written);
      },
    };
  }

  /** Usage so far, with wall time filled in. */
  snapshot(): Usage {
    return { ...this.spent, ms: this.elapsedMs() };
  }
}
