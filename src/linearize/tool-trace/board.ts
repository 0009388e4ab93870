import { forEachMove, type ArithOp, type ArithRules, type ArithState } from '../../tasks/arith/arith-state.js';
import { add, compare, div, formatRational, fromInteger, isInteger, mul, sub, type Rational } from '../../tasks/arith/rational.js';
import { isSolvable } from '../../tasks/arith/solve-arith.js';

/**
 * The tool-trace format's view of an arithmetic state: the numbers left kept sorted
 * ascending (the canonical order the tool prints), each with the expression it stands
 * for, written with brackets only around compound operands (`(10 - 4) * (13 - 9)`).
 * The arithmetic itself (exact rationals, legal moves, solvability) is `tasks/arith`'s.
 */
export interface Board extends ArithState {
  /** Countdown rules: every intermediate a non-negative integer. */
  integer: boolean;
}

/** One distinct move as the format writes it: operands as printed, larger first for + and *. */
export interface Move {
  a: string;
  op: ArithOp;
  b: string;
  result: Rational;
  next: Board;
}

export function boardRules(board: Pick<Board, 'integer'>): ArithRules {
  return board.integer ? 'integer' : 'rational';
}

export function createBoard(numbers: readonly number[], target: number, integer = false): Board {
  return sortBoard({ target, integer, nums: numbers.map(fromInteger), exprs: numbers.map(String) });
}

function sortBoard(board: Board): Board {
  const order = board.nums.map((_, i) => i).sort((i, j) => compare(board.nums[i]!, board.nums[j]!) || i - j);
  return { ...board, nums: order.map((i) => board.nums[i]!), exprs: order.map((i) => board.exprs[i]!) };
}

/** Identifies a board by its rules, target and numbers (not by how they were made). */
export function boardKey(board: Pick<Board, 'nums' | 'target' | 'integer'>): string {
  return `${board.integer ? 'i' : 'r'}${board.target}:${board.nums.map(formatRational).join(' ')}`;
}

/**
 * `a op b` under the format's rules, or null when the move is not allowed: no negative
 * result (the smaller number is never written first in a subtraction), no division by
 * zero, and under integer rules no fraction.
 */
export function applyOperation(a: Rational, op: ArithOp, b: Rational, integer: boolean): Rational | null {
  let result: Rational | null;
  switch (op) {
    case '+': result = add(a, b); break;
    case '-': result = compare(a, b) < 0 ? null : sub(a, b); break;
    case '*': result = mul(a, b); break;
    case '/': result = div(a, b); break;
  }
  return result && integer && !isInteger(result) ? null : result;
}

/** Plays `a op b` on the board (operands given by value), or null when it is not a legal move. */
export function play(board: Board, a: Rational, op: ArithOp, b: Rational): Board | null {
  const i = board.nums.findIndex((x) => x[0] === a[0] && x[1] === a[1]);
  if (i < 0) return null;
  const j = board.nums.findIndex((x, k) => k !== i && x[0] === b[0] && x[1] === b[1]);
  if (j < 0) return null;
  const result = applyOperation(a, op, b, board.integer);
  if (!result) return null;
  const nums = board.nums.filter((_, k) => k !== i && k !== j);
  const exprs = board.exprs.filter((_, k) => k !== i && k !== j);
  const wrap = (e: string) => (/^\d+(\/\d+)?$/.test(e) ? e : `(${e})`);
  nums.push(result);
  exprs.push(`${wrap(board.exprs[i]!)} ${op} ${wrap(board.exprs[j]!)}`);
  return sortBoard({ ...board, nums, exprs });
}

/**
 * Every distinct legal move (duplicates by resulting board removed), in `forEachMove`'s
 * order; the larger operand is written first, as the sorted board lists it last.
 */
export function boardMoves(board: Board): Move[] {
  const out: Move[] = [];
  const seen = new Set<string>();
  forEachMove(board, boardRules(board), (m) => {
    const [a, b] = m.op === '+' || m.op === '*' ? [m.b, m.a] : [m.a, m.b];
    const next = play(board, a, m.op, b);
    if (!next) return;
    const key = boardKey(next);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ a: formatRational(a), op: m.op, b: formatRational(b), result: m.result, next });
  });
  return out;
}

/** True when the board can still reach its target; `memo` is the caller's (see `createSolvableMemo`). */
export function solvable(board: Board, memo?: Map<string, boolean>): boolean {
  return isSolvable(board, boardRules(board), memo);
}
