import { throwIfAborted } from '../core/errors.js';
import type { BudgetTracker } from '../core/budget.js';
import type { Policy, SearchContext, Step } from '../core/reasoning.js';
import type { ArithRules, ArithState } from '../tasks/arith/arith-state.js';
import { legalMoves, StepWriter } from '../tasks/arith/arith-steps.js';

/** Picks `count` of `items` without replacement, keeping their original order. */
function subset<T>(items: T[], count: number, ctx: SearchContext): T[] {
  const idx = items.map((_, k) => k);
  for (let k = 0; k < count; k++) {
    const r = k + ctx.random.int(idx.length - k);
    [idx[k], idx[r]] = [idx[r]!, idx[k]!];
  }
  return idx.slice(0, count).sort((a, b) => a - b).map((k) => items[k]!);
}

/**
 * The symbolic policy: proposes the legal next steps (pick two numbers, apply an
 * operation). Asked for fewer than all, it returns a seeded random subset drawn from
 * `ctx.random`, in enumeration order.
 */
export function symbolicPolicy(options: { rules: ArithRules; id?: string }): Policy<ArithState> {
  const { rules } = options;
  return {
    id: options.id ?? 'symbolic',
    async propose(state, count, ctx) {
      throwIfAborted(ctx.signal);
      const moves = legalMoves(state, rules);
      const chosen = count >= moves.length ? moves : subset(moves, Math.max(0, Math.floor(count)), ctx);
      const steps = new StepWriter(state, true).steps(chosen);
      return ctx.budget.budget.maxTokens === undefined ? steps : withinTokens(steps, ctx.budget);
    },
  };
}

/**
 * The steps a token budget can still pay for, in order: an arithmetic policy is charged
 * the tokens a model would spend writing its steps, so like a model call it writes no
 * more than the budget has left.
 */
function withinTokens(steps: Step<ArithState>[], budget: BudgetTracker): Step<ArithState>[] {
  const left = budget.tokensLeft();
  let spent = 0;
  let kept = steps.length;
  for (let k = 0; k < steps.length; k++) {
    const cost = steps[k]!.cost?.tokensOut ?? 0;
    if (spent + cost > left) {
      kept = k;
      break;
    }
    spent += cost;
  }
  // Held until the search charges them, so concurrent proposals see them as spent.
  budget.claimTokens(spent).settle(spent);
  if (kept < steps.length) budget.tokensCut = true;
  return kept === steps.length ? steps : steps.slice(0, kept);
}

/**
 * The random rollout policy: one uniformly random legal step per sample. Asked for
 * `count` steps it draws `count` independent samples (repeats possible); for `Infinity`, one.
 */
export function randomRolloutPolicy(options: { rules: ArithRules; id?: string }): Policy<ArithState> {
  const { rules } = options;
  return {
    id: options.id ?? 'random-rollout',
    async propose(state, count, ctx) {
      throwIfAborted(ctx.signal);
      const moves = legalMoves(state, rules);
      if (moves.length === 0) return [];
      const n = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 1;
      const writer = new StepWriter(state, true);
      const out: Step<ArithState>[] = [];
      for (let k = 0; k < n; k++) out.push(writer.step(moves[ctx.random.int(moves.length)]!));
      return ctx.budget.budget.maxTokens === undefined ? out : withinTokens(out, ctx.budget);
    },
  };
}
