import { throwIfAborted } from '../../core/errors.js';
import type { Verifier } from '../../core/reasoning.js';
import { reachesTarget, type ArithRules, type ArithState } from './arith-state.js';
import { toNumber } from './rational.js';
import { isSolvable } from './solve-arith.js';

/**
 * Value functions for arithmetic states. The two heuristics are Stream of Search's
 * (lower is better there); here they are mapped into [0,1] with `1 / (1 + h / target)`,
 * so 1 means "looks done" and the scale follows the target. A finished state is exact:
 * 1 when it reached the target, 0 otherwise (a dead end).
 */

/** Stream of Search's sum heuristic: the mean distance of the numbers from the target. */
export function sumHeuristic(state: ArithState): number {
  let total = 0;
  for (const n of state.nums) total += Math.abs(toNumber(n) - state.target);
  return state.nums.length === 0 ? Infinity : total / state.nums.length;
}

/** The factors of `t` that `multHeuristic` measures against (2..t; `[t]` when there are none). */
function targetFactors(t: number): number[] {
  const factors: number[] = [];
  for (let f = 2; f <= t; f++) if (t % f === 0) factors.push(f);
  if (factors.length === 0) factors.push(t);
  return factors;
}

/** Stream of Search's mult heuristic: summed distance of each number to its nearest factor of the target. */
export function multHeuristic(state: ArithState): number {
  return multDistance(state, targetFactors(state.target));
}

function multDistance(state: ArithState, factors: readonly number[]): number {
  let total = 0;
  for (const n of state.nums) {
    const x = toNumber(n);
    let best = Infinity;
    for (const f of factors) best = Math.min(best, Math.abs(x - f));
    total += best;
  }
  return total;
}

/** Maps a distance-like heuristic (0 = at the goal) into (0, 1]. */
export function heuristicToValue(h: number, target: number): number {
  if (!Number.isFinite(h)) return 0;
  return 1 / (1 + h / Math.max(1, Math.abs(target)));
}

function finished(state: ArithState): number | null {
  return state.nums.length <= 1 ? (reachesTarget(state) ? 1 : 0) : null;
}

function heuristicVerifier(id: string, h: (state: ArithState) => number): Verifier<ArithState> {
  return {
    id,
    kind: 'process',
    async score(states, ctx) {
      throwIfAborted(ctx.signal);
      const out: number[] = [];
      for (const s of states) out.push(finished(s) ?? heuristicToValue(h(s), s.target));
      return out;
    },
  };
}

/** `sum-heuristic`: cheap value from the mean distance to the target. */
export function sumHeuristicValue(): Verifier<ArithState> {
  return heuristicVerifier('sum-heuristic', sumHeuristic);
}

/** `mult-heuristic`: cheap value from the distance to the target's factors. */
export function multHeuristicValue(): Verifier<ArithState> {
  // The target's factors are the same for every state of a search (and the search scores
  // thousands of states a second), so they are found once per target, per verifier.
  let lastTarget = NaN;
  let factors: number[] = [];
  return heuristicVerifier('mult-heuristic', (state) => {
    if (state.target !== lastTarget) {
      factors = targetFactors(state.target);
      lastTarget = state.target;
    }
    return multDistance(state, factors);
  });
}

/**
 * `oracle-solvable`: 1 when the numbers left can still make the target (exhaustive,
 * memoised per multiset), else 0. An oracle: it knows the answer, so use it for analysis
 * and upper bounds, never to report what a model-driven search achieves.
 */
export function oracleSolvableValue(options: { rules: ArithRules }): Verifier<ArithState> {
  const memo = new Map<string, boolean>();
  return {
    id: 'oracle-solvable',
    kind: 'process',
    async score(states, ctx) {
      throwIfAborted(ctx.signal);
      return states.map((s) => (isSolvable(s, options.rules, memo) ? 1 : 0));
    },
  };
}
