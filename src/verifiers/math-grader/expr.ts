import type { Rational } from './rational.js';

/** The expression tree the grader compares. Produced by `parseExpression`. */
export type Expr =
  | { t: 'num'; v: Rational; /** written with a decimal point, i.e. possibly rounded */ decimal: boolean }
  | { t: 'sym'; name: string }
  | { t: 'const'; name: 'pi' | 'e' | 'i' | 'inf' }
  | { t: 'add'; args: Expr[] }
  | { t: 'mul'; args: Expr[] }
  | { t: 'neg'; a: Expr }
  | { t: 'div'; a: Expr; b: Expr }
  | { t: 'pow'; a: Expr; b: Expr }
  /** `a ± b` (a may be absent: `±b`); expanded into two answers before comparing. */
  | { t: 'pm'; a: Expr | null; b: Expr; minusFirst: boolean }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'sum' | 'prod'; v: string; lo: Expr; hi: Expr; body: Expr };

export function hasDecimal(e: Expr): boolean {
  switch (e.t) {
    case 'num':
      return e.decimal;
    case 'sym':
    case 'const':
      return false;
    case 'add':
    case 'mul':
    case 'call':
      return e.args.some(hasDecimal);
    case 'neg':
      return hasDecimal(e.a);
    case 'div':
    case 'pow':
      return hasDecimal(e.a) || hasDecimal(e.b);
    case 'pm':
      return (e.a !== null && hasDecimal(e.a)) || hasDecimal(e.b);
    case 'sum':
    case 'prod':
      return hasDecimal(e.body);
  }
}

/** Free symbol names (bound summation variables excluded). */
export function freeSymbols(e: Expr, out: Set<string> = new Set(), bound: ReadonlySet<string> = new Set()): Set<string> {
  switch (e.t) {
    case 'sym':
      if (!bound.has(e.name)) out.add(e.name);
      break;
    case 'add':
    case 'mul':
    case 'call':
      for (const a of e.args) freeSymbols(a, out, bound);
      break;
    case 'neg':
      freeSymbols(e.a, out, bound);
      break;
    case 'div':
    case 'pow':
      freeSymbols(e.a, out, bound);
      freeSymbols(e.b, out, bound);
      break;
    case 'pm':
      if (e.a) freeSymbols(e.a, out, bound);
      freeSymbols(e.b, out, bound);
      break;
    case 'sum':
    case 'prod': {
      freeSymbols(e.lo, out, bound);
      freeSymbols(e.hi, out, bound);
      freeSymbols(e.body, out, new Set([...bound, e.v]));
      break;
    }
    default:
      break;
  }
  return out;
}

/** Replaces every `±` by `+` (sign 1) or `-` (sign -1). */
export function resolvePm(e: Expr, sign: 1 | -1): Expr {
  const r = (x: Expr): Expr => resolvePm(x, sign);
  switch (e.t) {
    case 'pm': {
      const s = e.minusFirst ? -sign : sign;
      const b = s === 1 ? r(e.b) : ({ t: 'neg', a: r(e.b) } as Expr);
      return e.a ? { t: 'add', args: [r(e.a), b] } : b;
    }
    case 'add':
    case 'mul':
      return { t: e.t, args: e.args.map(r) };
    case 'call':
      return { t: 'call', name: e.name, args: e.args.map(r) };
    case 'neg':
      return { t: 'neg', a: r(e.a) };
    case 'div':
    case 'pow':
      return { t: e.t, a: r(e.a), b: r(e.b) };
    case 'sum':
    case 'prod':
      return { ...e, lo: r(e.lo), hi: r(e.hi), body: r(e.body) };
    default:
      return e;
  }
}

export function hasPm(e: Expr): boolean {
  switch (e.t) {
    case 'pm':
      return true;
    case 'add':
    case 'mul':
    case 'call':
      return e.args.some(hasPm);
    case 'neg':
      return hasPm(e.a);
    case 'div':
    case 'pow':
      return hasPm(e.a) || hasPm(e.b);
    case 'sum':
    case 'prod':
      return hasPm(e.body);
    default:
      return false;
  }
}
