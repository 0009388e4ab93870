import {
  applyMove, arithStateKey, forEachMove, moveAction, reachesTarget, type ArithAction, type ArithMove,
  type ArithRules, type ArithState,
} from './arith-state.js';

/**
 * Exhaustive solver: can the numbers left still make the target? Memoised per canonical
 * multiset (the caller owns the memo, so there is no hidden global cache). Used by the
 * `oracle-solvable` value, the Countdown generator and tests, never as a policy.
 */
export function isSolvable(state: ArithState, rules: ArithRules, memo?: Map<string, boolean>): boolean {
  if (state.nums.length <= 1) return reachesTarget(state);
  const key = memo ? `${state.target}:${arithStateKey(state)}` : '';
  const cached = memo?.get(key);
  if (cached !== undefined) return cached;
  let found = false;
  forEachMove(state, rules, (move) => (found = isSolvable(applyMove(state, move), rules, memo)));
  memo?.set(key, found);
  return found;
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
