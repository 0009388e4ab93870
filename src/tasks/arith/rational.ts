/**
 * Exact rational numbers as plain JSON: `[numerator, denominator]`, always reduced, with a
 * positive denominator. Plain integer pairs (not objects, not strings, not bigint) keep the
 * arithmetic state JSON-serialisable and the symbolic search's hot path free of parsing.
 * Results that would leave the safe-integer range are refused (null), never rounded.
 */
export type Rational = [number, number];

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** `n/d` reduced; null when d is 0 or a part is not a safe integer. */
export function rational(n: number, d = 1): Rational | null {
  if (d === 0 || !Number.isSafeInteger(n) || !Number.isSafeInteger(d)) return null;
  if (n === 0) return [0, 1];
  const g = gcd(n, d);
  const sign = d < 0 ? -1 : 1;
  return [(sign * n) / g, (sign * d) / g];
}

export function fromInteger(n: number): Rational {
  return [n, 1];
}

export function add(a: Rational, b: Rational): Rational | null {
  if (a[1] === 1 && b[1] === 1) {
    const s = a[0] + b[0];
    return Number.isSafeInteger(s) ? [s, 1] : null;
  }
  return rational(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
}

export function sub(a: Rational, b: Rational): Rational | null {
  if (a[1] === 1 && b[1] === 1) {
    const s = a[0] - b[0];
    return Number.isSafeInteger(s) ? [s, 1] : null;
  }
  return rational(a[0] * b[1] - b[0] * a[1], a[1] * b[1]);
}

export function mul(a: Rational, b: Rational): Rational | null {
  if (a[1] === 1 && b[1] === 1) {
    const p = a[0] * b[0];
    return Number.isSafeInteger(p) ? [p === 0 ? 0 : p, 1] : null;
  }
  return rational(a[0] * b[0], a[1] * b[1]);
}

/** a / b; null when b is 0. */
export function div(a: Rational, b: Rational): Rational | null {
  if (b[0] === 0) return null;
  return rational(a[0] * b[1], a[1] * b[0]);
}

export function equals(a: Rational, b: Rational): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compare(a: Rational, b: Rational): number {
  return a[0] * b[1] - b[0] * a[1];
}

export function isInteger(a: Rational): boolean {
  return a[1] === 1;
}

export function toNumber(a: Rational): number {
  return a[0] / a[1];
}

/** `4`, `-3`, `5/2`: the one textual form used in steps, keys and actions. */
export function formatRational(a: Rational): string {
  return a[1] === 1 ? String(a[0]) : `${a[0]}/${a[1]}`;
}

/** The JSON form used in step actions: a number when integral, else `"p/q"`. */
export function rationalToJson(a: Rational): number | string {
  return a[1] === 1 ? a[0] : `${a[0]}/${a[1]}`;
}

const RATIONAL_TEXT = /^\s*(-?\d+)\s*(?:\/\s*(\d+))?\s*$/;

/** Parses `4`, `-3`, `5/2`; null when the text is not one of those forms. */
export function parseRational(text: string): Rational | null {
  const m = RATIONAL_TEXT.exec(text);
  if (!m) return null;
  return rational(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]));
}
