import type { Expr } from './expr.js';
import * as Q from './rational.js';
import type { Rational } from './rational.js';
import {
  c, cAbs, cAdd, cCos, cDiv, cExp, cLog, cMul, cNeg, cPow, cRoot, cSin, cSqrt, cSub,
  type Complex,
} from './complex.js';

/**
 * Exact value of a constant expression as a rational, or null when it has symbols,
 * irrational parts or is too large. This is the cheap first check and the only one that
 * separates `2^{100}` from `2^{100}+1`.
 */
export function exactValue(e: Expr): Rational | null {
  try {
    return exact(e);
  } catch {
    return null;
  }
}

function exact(e: Expr): Rational | null {
  switch (e.t) {
    case 'num':
      return e.v;
    case 'add': {
      let r = Q.ZERO;
      for (const a of e.args) {
        const v = exact(a);
        if (!v) return null;
        r = Q.add(r, v);
      }
      return r;
    }
    case 'mul': {
      let r = Q.ONE;
      for (const a of e.args) {
        const v = exact(a);
        if (!v) return null;
        r = Q.mul(r, v);
      }
      return r;
    }
    case 'neg': {
      const v = exact(e.a);
      return v && Q.neg(v);
    }
    case 'div': {
      const a = exact(e.a);
      const b = exact(e.b);
      if (!a || !b || b.n === 0n) return null;
      return Q.div(a, b);
    }
    case 'pow': {
      const a = exact(e.a);
      const b = exact(e.b);
      if (!a || !b) return null;
      if (b.d === 1n) return Q.powInt(a, b.n);
      // Rational powers that come out rational: 8^{2/3}, 4^{1/2}.
      if (b.d <= 12n && a.n >= 0n) {
        const rn = intRoot(a.n, b.d);
        const rd = intRoot(a.d, b.d);
        if (rn !== null && rd !== null) return Q.powInt(Q.rational(rn, rd), b.n);
      }
      return null;
    }
    case 'call': {
      const args = e.args.map(exact);
      if (args.some((a) => a === null)) return null;
      const [a, b] = args as Rational[];
      switch (e.name) {
        case 'fact':
          return Q.factorial(a!);
        case 'binom':
          return Q.binomial(a!, b!);
        case 'abs':
          return a!.n < 0n ? Q.neg(a!) : a!;
        case 'sqrt':
        case 'root': {
          const k = e.name === 'sqrt' ? 2n : b!.d === 1n && b!.n > 0n && b!.n <= 12n ? b!.n : null;
          if (k === null || (a!.n < 0n && k % 2n === 0n)) return null;
          const sign = a!.n < 0n ? -1n : 1n;
          const rn = intRoot(sign * a!.n, k);
          const rd = intRoot(a!.d, k);
          return rn !== null && rd !== null ? Q.rational(sign * rn, rd) : null;
        }
        case 'floor':
        case 'ceil': {
          const f = a!.n / a!.d - (a!.n < 0n && a!.n % a!.d !== 0n ? 1n : 0n);
          return Q.rational(e.name === 'floor' || a!.d === 1n ? f : f + 1n);
        }
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** The integer k-th root of x when x is a perfect k-th power. */
function intRoot(x: bigint, k: bigint): bigint | null {
  if (x < 0n) return null;
  if (x < 2n) return x;
  const approx = BigInt(Math.round(Math.exp(Math.log(Number(x)) / Number(k))));
  if (!Number.isFinite(Number(x))) return null;
  for (const r of [approx - 1n, approx, approx + 1n]) if (r >= 0n && r ** k === x) return r;
  return null;
}

/** Hash of a name to a number in [0,1): unknown functions become fixed smooth functions. */
function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100000) / 100000;
}

/** Numeric value at one assignment of the free symbols (complex, so `\sqrt{-1}` is fine). */
export function evaluate(e: Expr, env: ReadonlyMap<string, Complex>): Complex {
  switch (e.t) {
    case 'num':
      return c(Q.toNumber(e.v));
    case 'sym': {
      const v = env.get(e.name);
      if (v) return v;
      return c(1.3 + 2.1 * nameHash(e.name));
    }
    case 'const':
      return e.name === 'pi' ? c(Math.PI) : e.name === 'e' ? c(Math.E) : e.name === 'i' ? c(0, 1) : c(Infinity);
    case 'add':
      return e.args.reduce((acc, a) => cAdd(acc, evaluate(a, env)), c(0));
    case 'mul':
      return e.args.reduce((acc, a) => cMul(acc, evaluate(a, env)), c(1));
    case 'neg':
      return cNeg(evaluate(e.a, env));
    case 'div':
      return cDiv(evaluate(e.a, env), evaluate(e.b, env));
    case 'pow': {
      if (e.a.t === 'const' && e.a.name === 'e') return cExp(evaluate(e.b, env));
      const base = evaluate(e.a, env);
      if (base.im === 0 && base.re < 0) {
        // (-8)^{2/3} is 4, as `\sqrt[3]{-8}^2` is: odd-denominator powers stay real.
        const q = exactValue(e.b);
        if (q && q.d !== 1n && q.d % 2n === 1n) {
          const magnitude = (-base.re) ** Q.toNumber(q);
          return c(q.n % 2n === 0n ? magnitude : -magnitude);
        }
      }
      return cPow(base, evaluate(e.b, env));
    }
    case 'pm':
      return c(NaN);
    case 'sum':
    case 'prod': {
      const lo = Math.round(evaluate(e.lo, env).re);
      const hi = Math.round(evaluate(e.hi, env).re);
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo > 10000) return c(NaN);
      let acc = c(e.t === 'sum' ? 0 : 1);
      const inner = new Map(env);
      for (let k = lo; k <= hi; k++) {
        inner.set(e.v, c(k));
        const v = evaluate(e.body, inner);
        acc = e.t === 'sum' ? cAdd(acc, v) : cMul(acc, v);
      }
      return acc;
    }
    case 'call':
      return callValue(e.name, e.args.map((a) => evaluate(a, env)));
  }
}

function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  if (x > 171) return Infinity;
  const g = 7;
  const p = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = p[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += p[i]! / (x + i);
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * a;
}

function callValue(name: string, args: Complex[]): Complex {
  const [a, b] = args as [Complex, Complex | undefined];
  switch (name) {
    case 'sqrt':
      return cSqrt(a);
    case 'root':
      return cRoot(a, b!);
    case 'abs':
      return c(cAbs(a));
    case 'sin':
      return cSin(a);
    case 'cos':
      return cCos(a);
    case 'tan':
      return cDiv(cSin(a), cCos(a));
    case 'sec':
      return cDiv(c(1), cCos(a));
    case 'csc':
      return cDiv(c(1), cSin(a));
    case 'cot':
      return cDiv(cCos(a), cSin(a));
    case 'asin':
      return a.im === 0 && Math.abs(a.re) <= 1 ? c(Math.asin(a.re)) : c(NaN);
    case 'acos':
      return a.im === 0 && Math.abs(a.re) <= 1 ? c(Math.acos(a.re)) : c(NaN);
    case 'atan':
      return a.im === 0 ? c(Math.atan(a.re)) : c(NaN);
    case 'acot':
      return a.im === 0 ? c(Math.atan(1 / a.re)) : c(NaN);
    case 'asec':
      return a.im === 0 ? c(Math.acos(1 / a.re)) : c(NaN);
    case 'acsc':
      return a.im === 0 ? c(Math.asin(1 / a.re)) : c(NaN);
    case 'sinh':
      return cDiv(cSub(cExp(a), cExp(cNeg(a))), c(2));
    case 'cosh':
      return cDiv(cAdd(cExp(a), cExp(cNeg(a))), c(2));
    case 'tanh': {
      const p = cExp(a);
      const m = cExp(cNeg(a));
      return cDiv(cSub(p, m), cAdd(p, m));
    }
    case 'exp':
      return cExp(a);
    case 'ln':
    case 'log':
      return cLog(a);
    case 'log10':
      return cDiv(cLog(a), c(Math.LN10));
    case 'logb':
      return cDiv(cLog(a), cLog(b!));
    case 'fact':
      return a.im === 0 ? c(gamma(a.re + 1)) : c(NaN);
    case 'binom':
      return a.im === 0 && b!.im === 0 ? c(gamma(a.re + 1) / (gamma(b!.re + 1) * gamma(a.re - b!.re + 1))) : c(NaN);
    case 'floor':
      return c(Math.floor(a.re));
    case 'ceil':
      return c(Math.ceil(a.re));
    case 'max':
      return c(Math.max(...args.map((x) => x.re)));
    case 'min':
      return c(Math.min(...args.map((x) => x.re)));
    default: {
      // An unknown function f(x): a fixed smooth function of its arguments, the same on
      // both sides of a comparison, so f(x) = f(x) but f(x) ≠ f(y).
      const h = nameHash(name);
      let acc = c(0.7 + h);
      for (const [k, x] of args.entries()) {
        acc = cAdd(acc, cMul(c(0.9 + k + h), cSin(cAdd(cMul(c(1.1 + h), x), c(0.3 * k + h)))));
      }
      return acc;
    }
  }
}
