import { BoundedMap } from '../../core/bounded-map.js';
import {
  applyMove, arithStateKey, forEachMove, moveAction, reachesTarget, type ArithAction, type ArithMove,
  type ArithRules, type ArithState,
} from './arith-state.js';

/**
 * Exhaustive solver: can the numbers left still make the target? Memoised per rules,
 * target and canonical multiset (the caller owns the memo, so there is no hidden global
 * cache; `createSolvableMemo` bounds one). Used by the `oracle-solvable` value, the
 * Countdown generator, the tool-trace teacher and tests, never as a policy.
 */
export function isSolvable(state: ArithState, rules: ArithRules, memo?: Map<string, boolean>): boolean {
  if (state.nums.length <= 1) return reachesTarget(state);
  const key = memo ? `${rules === 'integer' ? 'i' : 'r'}${state.target}:${arithStateKey(state)}` : '';
  const cached = memo?.get(key);
  if (cached !== undefined) return cached;
  let found = false;
  forEachMove(state, rules, (move) => (found = isSolvable(applyMove(state, move), rules, memo)));
  memo?.set(key, found);
  return found;
}

/**
 * A memo for `isSolvable` that empties itself at `maxEntries` (default a million, a few
 * hundred MB at most): enough for every board of thousands of four-number puzzles.
 */
export function createSolvableMemo(maxEntries = 1_000_000): Map<string, boolean> {
  return new BoundedMap<string, boolean>(maxEntries);
}

/** The first solution in move order (depth-first), as actions and the final state; null when none. */
export function findSolution(state: ArithState, rules: ArithRules): { actions: ArithAction[]; final: ArithState } | null {
  if (state.nums.length <= 1) return reachesTarget(state) ? { actions: [], final: state } : null;
  let out: { actions: ArithAction[]; final: ArithState } | null = null;
  forEachMove(state, rules, (move: ArithMove) => {
    const rest = findSolution(applyMove(state, move), rules);
    if (rest) out = { actions: [moveAction(move), ...rest.actions], final: rest.final };
    return out !== null;
  });
  return out;
}

/**
 * The same question for Countdown's rules on plain integers, in place and allocation-free:
 * the generator asks it for every candidate draw, so it must be cheap (no states, no memo).
 */
export function isSolvableIntegers(numbers: readonly number[], target: number): boolean {
  return solveInPlace(numbers.slice(), numbers.length, target);
}

function solveInPlace(nums: number[], n: number, target: number): boolean {
  if (n === 1) return nums[0] === target;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = nums[i]!;
      const b = nums[j]!;
      const big = a >= b ? a : b;
      const small = a >= b ? b : a;
      // Remove j by moving the last number into its place; the result goes into i.
      nums[j] = nums[n - 1]!;
      let found = tryResult(nums, n, i, a + b, target) || tryResult(nums, n, i, a * b, target) || tryResult(nums, n, i, big - small, target);
      if (!found && small !== 0 && big % small === 0) found = tryResult(nums, n, i, big / small, target);
      nums[j] = b;
      nums[i] = a;
      if (found) return true;
    }
  }
  return false;
}

function tryResult(nums: number[], n: number, i: number, result: number, target: number): boolean {
  if (!Number.isSafeInteger(result)) return false;
  nums[i] = result;
  return solveInPlace(nums, n - 1, target);
}
