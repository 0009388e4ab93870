import {
  add, compare, div, equals, formatRational, isInteger, mul, rationalToJson, sub, type Rational,
} from './rational.js';

/**
 * The state of a Game of 24 / Countdown search: the numbers still left (exact rationals),
 * the expression each one stands for, and the target. Plain JSON, so it goes into traces
 * as it is. A step picks two numbers, combines them, and appends the result at the end
 * (as Stream of Search does), so the remaining numbers keep their order.
 */
export interface ArithState {
  target: number;
  nums: Rational[];
  /** The expression behind each number of `nums` (inputs are their own digits). */
  exprs: string[];
}

/**
 * `rational`: Game of 24 (fractions allowed in between). `integer`: Countdown as Stream of
 * Search plays it (every result a non-negative integer; division only when exact).
 */
export type ArithRules = 'rational' | 'integer';

export type ArithOp = '+' | '-' | '*' | '/';

/** The structured step: `a op b = result`, numbers as JSON (integer, or `"p/q"`). */
export type ArithAction = { a: number | string; op: ArithOp; b: number | string; result: number | string };

/** One legal move: indexes into `nums`, the operands in written order, and the result. */
export interface ArithMove {
  i: number;
  j: number;
  op: ArithOp;
  a: Rational;
  b: Rational;
  /** Which of the two picked numbers is written first (`a`): i or j. */
  first: number;
  result: Rational;
}

export function initialArithState(numbers: readonly Rational[], target: number): ArithState {
  return { target, nums: numbers.map((n) => [n[0], n[1]] as Rational), exprs: numbers.map(formatRational) };
}

/**
 * Calls `visit` for every legal move, in a fixed order: pairs (i<j), then `+`, `*`,
 * larger − smaller, larger / smaller and (rational rules only) smaller / larger.
 * Subtraction is always larger minus smaller: any expression that reaches a positive
 * target has a counterpart whose intermediates are all non-negative (take absolute values
 * bottom-up), so nothing is lost and the branching factor drops. Stops early when
 * `visit` returns true.
 */
export function forEachMove(state: ArithState, rules: ArithRules, visit: (move: ArithMove) => boolean | void): void {
  const { nums } = state;
  const n = nums.length;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = nums[i]!;
      const y = nums[j]!;
      const r1 = add(x, y);
      if (r1 && visit({ i, j, op: '+', a: x, b: y, first: i, result: r1 })) return;
      const r2 = mul(x, y);
      if (r2 && visit({ i, j, op: '*', a: x, b: y, first: i, result: r2 })) return;
      const xBig = compare(x, y) >= 0;
      const big = xBig ? x : y;
      const small = xBig ? y : x;
      const bigIdx = xBig ? i : j;
      const smallIdx = xBig ? j : i;
      const r3 = sub(big, small);
      if (r3 && visit({ i, j, op: '-', a: big, b: small, first: bigIdx, result: r3 })) return;
      const r4 = div(big, small);
      if (r4 && (rules === 'rational' || isInteger(r4)) && visit({ i, j, op: '/', a: big, b: small, first: bigIdx, result: r4 })) return;
      if (rules === 'rational' && !equals(big, small)) {
        const r5 = div(small, big);
        if (r5 && visit({ i, j, op: '/', a: small, b: big, first: smallIdx, result: r5 })) return;
      }
    }
  }
}

/**
 * True when at least one move is legal (false with fewer than two numbers): `forEachMove`'s
 * conditions without building moves, since searches ask it of every state they create.
 */
export function hasMove(state: ArithState, rules: ArithRules): boolean {
  const { nums } = state;
  const n = nums.length;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = nums[i]!;
      const y = nums[j]!;
      if (add(x, y) || mul(x, y)) return true;
      const xBig = compare(x, y) >= 0;
      const big = xBig ? x : y;
      const small = xBig ? y : x;
      if (sub(big, small)) return true;
      const r4 = div(big, small);
      if (r4 && (rules === 'rational' || isInteger(r4))) return true;
      if (rules === 'rational' && !equals(big, small) && div(small, big)) return true;
    }
  }
  return false;
}

/** The state after `move`: the two numbers removed, the result appended. */
export function applyMove(state: ArithState, move: ArithMove): ArithState {
  const nums: Rational[] = [];
  const exprs: string[] = [];
  for (let k = 0; k < state.nums.length; k++) {
    if (k === move.i || k === move.j) continue;
    nums.push(state.nums[k]!);
    exprs.push(state.exprs[k]!);
  }
  const second = move.first === move.i ? move.j : move.i;
  nums.push(move.result);
  exprs.push(`(${state.exprs[move.first]!} ${move.op} ${state.exprs[second]!})`);
  return { target: state.target, nums, exprs };
}

export function moveAction(move: ArithMove): ArithAction {
  return { a: rationalToJson(move.a), op: move.op, b: rationalToJson(move.b), result: rationalToJson(move.result) };
}

/** `4 4 10`: the numbers as written in step lines. */
export function formatNumbers(nums: readonly Rational[]): string {
  let out = '';
  for (let k = 0; k < nums.length; k++) out += (k === 0 ? '' : ' ') + formatRational(nums[k]!);
  return out;
}

/** The part of a step line a model writes: `13 - 9 =`. */
export function formatOperation(a: Rational, op: ArithOp, b: Rational): string {
  return `${formatRational(a)} ${op} ${formatRational(b)} =`;
}

/** The part the task computes: ` 4 (left: 4 4 10)`. */
export function formatOutcome(result: Rational, after: ArithState): string {
  return ` ${formatRational(result)} (left: ${formatNumbers(after.nums)})`;
}

/** The whole step line: `13 - 9 = 4 (left: 4 4 10)`. */
export function formatStepLine(move: ArithMove, after: ArithState): string {
  return formatOperation(move.a, move.op, move.b) + formatOutcome(move.result, after);
}

/** Canonical multiset of the numbers left, e.g. `4,4,10` (same key whatever the order). */
export function arithStateKey(state: ArithState): string {
  const sorted = state.nums.slice().sort(compare);
  let out = '';
  for (let k = 0; k < sorted.length; k++) out += (k === 0 ? '' : ',') + formatRational(sorted[k]!);
  return out;
}

/** True when one number is left and it equals the target. */
export function reachesTarget(state: ArithState): boolean {
  const last = state.nums[0];
  return state.nums.length === 1 && last !== undefined && last[1] === 1 && last[0] === state.target;
}

/** Structural check for states read back from JSON traces. */
export function isArithState(value: unknown): value is ArithState {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<ArithState>;
  return typeof v.target === 'number' && Array.isArray(v.nums) && Array.isArray(v.exprs)
    && v.nums.length === v.exprs.length
    && v.nums.every((x) => Array.isArray(x) && x.length === 2 && Number.isInteger(x[0]) && Number.isInteger(x[1]) && x[1] > 0);
}
