/**
 * Exact rationals over bigint, so that `2^{100}` and `2^{100}+1`, or `1/2^{99}` and
 * `1/2^{98}`, are told apart (floats cannot). Always reduced, denominator positive.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** Bits beyond which exact arithmetic gives up (the float path or the timeout take over). */
const MAX_BITS = 200_000n;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO = rational(0n);
export const ONE = rational(1n);

export const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const isInteger = (a: Rational): boolean => a.d === 1n;

function bitLength(x: bigint): bigint {
  if (x < 0n) x = -x;
  return BigInt(x.toString(16).length * 4);
}

/** a^k for an integer k, or null when the result would be absurdly large. */
export function powInt(a: Rational, k: bigint): Rational | null {
  if (k === 0n) return ONE;
  const size = bitLength(a.n) > bitLength(a.d) ? bitLength(a.n) : bitLength(a.d);
  const absK = k < 0n ? -k : k;
  if (size * absK > MAX_BITS && !(a.d === 1n && (a.n === 1n || a.n === 0n || a.n === -1n))) return null;
  if (k < 0n) {
    if (a.n === 0n) return null;
    return rational(a.d ** absK, a.n ** absK);
  }
  return rational(a.n ** absK, a.d ** absK);
}

/** n! for moderate n, or null (100000! is left to the float path and the timeout). */
export function factorial(n: Rational): Rational | null {
  if (n.d !== 1n || n.n < 0n || n.n > 5000n) return null;
  let r = 1n;
  for (let i = 2n; i <= n.n; i++) r *= i;
  return rational(r);
}

export function binomial(n: Rational, k: Rational): Rational | null {
  if (n.d !== 1n || k.d !== 1n || n.n < 0n || k.n < 0n || n.n > 100_000n) return null;
  if (k.n > n.n) return ZERO;
  const kk = k.n > n.n - k.n ? n.n - k.n : k.n;
  if (kk > 5000n) return null;
  let r = 1n;
  for (let i = 1n; i <= kk; i++) r = (r * (n.n - kk + i)) / i;
  return rational(r);
}

/** Parses a decimal literal like `1000.99`, `.4`, `-3` exactly. */
export function parseDecimal(text: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = m[4] ? Number(m[4]) : 0;
  if (Math.abs(e) > 400) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  if (e < 0) d *= 10n ** BigInt(-e);
  return rational(m[1] === '-' ? -n : n, d);
}

export function toNumber(a: Rational): number {
  const v = Number(a.n) / Number(a.d);
  if (Number.isFinite(v) && v !== 0) return v;
  if (a.n === 0n) return 0;
  // Both parts may overflow doubles while the quotient does not: scale by bit lengths.
  const shift = bitLength(a.n) - bitLength(a.d);
  const scale = shift > 60n ? shift - 60n : shift < -60n ? shift + 60n : 0n;
  const n2 = scale > 0n ? a.n >> scale : a.n;
  const d2 = scale < 0n ? a.d >> -scale : a.d;
  return (Number(n2) / Number(d2)) * 2 ** Number(scale);
}
