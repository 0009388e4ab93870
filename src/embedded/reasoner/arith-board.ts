/**
 * The exact arithmetic behind the tool-integrated traces: a board of numbers (exact
 * fractions) with the expression each stands for, the moves between boards, and memoised
 * solvability (the values written into training traces). Kept self-contained and fast:
 * generating a dataset asks for solvability millions of times.
 */
export type Frac = readonly [number, number];

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
}

export function frac(n: number, d = 1): Frac {
  if (d === 0) throw new RangeError('zero denominator');
  if (d < 0) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return [n / g, d / g];
}

export function formatFrac(f: Frac): string {
  return f[1] === 1 ? String(f[0]) : `${f[0]}/${f[1]}`;
}

export function parseFrac(text: string): Frac | null {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(text);
  if (!m) return null;
  const d = m[2] === undefined ? 1 : Number(m[2]);
  return d === 0 ? null : frac(Number(m[1]), d);
}

function less(a: Frac, b: Frac): boolean {
  return a[0] * b[1] < b[0] * a[1];
}

export type Op = '+' | '-' | '*' | '/';

/** `a op b`, or null when the move is not allowed (negative result, division by zero, inexact under integer rules). */
export function apply(a: Frac, op: Op, b: Frac, integer: boolean): Frac | null {
  let r: Frac;
  switch (op) {
    case '+': r = frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1]); break;
    case '-': if (less(a, b)) return null; r = frac(a[0] * b[1] - b[0] * a[1], a[1] * b[1]); break;
    case '*': r = frac(a[0] * b[0], a[1] * b[1]); break;
    case '/': if (b[0] === 0) return null; r = frac(a[0] * b[1], a[1] * b[0]); break;
  }
  if (integer && r[1] !== 1) return null;
  return r;
}

export interface Board {
  target: number;
  /** Sorted ascending by value: the canonical order the tool prints. */
  nums: Frac[];
  exprs: string[];
  /** Countdown rules: every intermediate a non-negative integer. */
  integer: boolean;
}

export function createBoard(numbers: readonly number[], target: number, integer = false): Board {
  return sortBoard({ target, integer, nums: numbers.map((n) => frac(n)), exprs: numbers.map(String) });
}

function sortBoard(board: Board): Board {
  const order = board.nums.map((_, i) => i).sort((i, j) => (less(board.nums[i]!, board.nums[j]!) ? -1 : less(board.nums[j]!, board.nums[i]!) ? 1 : i - j));
  return { ...board, nums: order.map((i) => board.nums[i]!), exprs: order.map((i) => board.exprs[i]!) };
}

export function boardKey(board: Pick<Board, 'nums' | 'target' | 'integer'>): string {
  return `${board.integer ? 'i' : 'r'}${board.target}:${board.nums.map(formatFrac).join(' ')}`;
}

export function leftText(board: Board): string {
  return board.nums.map(formatFrac).join(' ');
}

export function isWin(board: Board): boolean {
  return board.nums.length === 1 && board.nums[0]![0] === board.target && board.nums[0]![1] === 1;
}

export interface Move {
  /** Written operands (strings as printed) and operator. */
  a: string;
  op: Op;
  b: string;
  result: Frac;
  next: Board;
}

/** Plays `a op b` on the board (operands given by value), or null when it is not a legal move. */
export function play(board: Board, a: Frac, op: Op, b: Frac): Board | null {
  const i = board.nums.findIndex((x) => x[0] === a[0] && x[1] === a[1]);
  if (i < 0) return null;
  const j = board.nums.findIndex((x, k) => k !== i && x[0] === b[0] && x[1] === b[1]);
  if (j < 0) return null;
  const result = apply(a, op, b, board.integer);
  if (!result) return null;
  const nums = board.nums.filter((_, k) => k !== i && k !== j);
  const exprs = board.exprs.filter((_, k) => k !== i && k !== j);
  const wrap = (e: string) => (/^\d+(\/\d+)?$/.test(e) ? e : `(${e})`);
  nums.push(result);
  exprs.push(`${wrap(board.exprs[i]!)} ${op} ${wrap(board.exprs[j]!)}`);
  return sortBoard({ ...board, nums, exprs });
}

/** Every distinct legal move (duplicates by resulting board removed), in a fixed order. */
export function moves(board: Board): Move[] {
  const out: Move[] = [];
  const seen = new Set<string>();
  const n = board.nums.length;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      // nums are sorted, so nums[j] >= nums[i]: write the larger first.
      const big = board.nums[j]!, small = board.nums[i]!;
      const cands: [Frac, Op, Frac][] = [[big, '+', small], [big, '*', small], [big, '-', small], [big, '/', small], [small, '/', big]];
      for (const [a, op, b] of cands) {
        const next = play(board, a, op, b);
        if (!next) continue;
        const key = boardKey(next);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ a: formatFrac(a), op, b: formatFrac(b), result: apply(a, op, b, board.integer)!, next });
      }
    }
  }
  return out;
}

const solvableMemo = new Map<string, boolean>();

/** True when the board can still reach its target (exhaustive, memoised by canonical board). */
export function solvable(board: Board): boolean {
  if (board.nums.length === 1) return isWin(board);
  const key = boardKey(board);
  const hit = solvableMemo.get(key);
  if (hit !== undefined) return hit;
  let ok = false;
  for (const m of moves(board)) {
    if (solvable(m.next)) {
      ok = true;
      break;
    }
  }
  solvableMemo.set(key, ok);
  return ok;
}
