import { c, type Complex, isFiniteComplex } from './complex.js';
import { evaluate, exactValue } from './evaluate.js';
import { type Expr, freeSymbols, hasDecimal } from './expr.js';
import * as Q from './rational.js';

/**
 * Are two expressions equal? Exact rational arithmetic when both are constants that
 * come out rational (a decimal on either side switches to a relative tolerance, since it
 * may be rounded); otherwise evaluation at fixed sample points of their free symbols, in
 * complex arithmetic. Cheap and deterministic: no randomness, no CAS.
 */
export function expressionsEqual(a: Expr, b: Expr, relativeTolerance: number): boolean {
  const decimals = hasDecimal(a) || hasDecimal(b);
  const qa = exactValue(a);
  const qb = exactValue(b);
  if (qa && qb) {
    if (!decimals || (hasDecimal(a) && hasDecimal(b))) return Q.eq(qa, qb);
    return close(c(Q.toNumber(qa)), c(Q.toNumber(qb)), relativeTolerance);
  }
  const tolerance = decimals ? relativeTolerance : 1e-9;
  const symbols = [...freeSymbols(b, freeSymbols(a))].sort();
  // Huge factorials and powers leave doubles at 0 or ∞ on both sides: nothing can be told.
  const extreme = extremeMagnitude(a) || extremeMagnitude(b);
  const points = samplePoints(symbols, piecewise(a) || piecewise(b));
  let compared = 0;
  for (const env of points) {
    const va = evaluate(a, env);
    const vb = evaluate(b, env);
    const fa = isFiniteComplex(va);
    const fb = isFiniteComplex(vb);
    if (!fa || !fb) {
      // Only a written ∞ is infinite; an overflow (100000!) cannot be told apart from its neighbours.
      if (isInfinite(va) && isInfinite(vb) && Math.sign(va.re) === Math.sign(vb.re) && isWrittenInfinity(a) && isWrittenInfinity(b)) return true;
      if (fa !== fb && !(Number.isNaN(va.re) && Number.isNaN(vb.re))) return false;
      continue;
    }
    if (extreme && (tiny(va) || tiny(vb))) return false;
    if (!close(va, vb, tolerance)) return false;
    compared++;
  }
  return compared > 0 && (symbols.length === 0 || compared >= 2);
}

/** Differences of two equations that are proportional by a nonzero constant. */
export function proportional(a: Expr, b: Expr): boolean {
  const symbols = [...freeSymbols(b, freeSymbols(a))].sort();
  if (symbols.length === 0) return false;
  let ratio: Complex | null = null;
  let compared = 0;
  for (const env of samplePoints(symbols)) {
    const va = evaluate(a, env);
    const vb = evaluate(b, env);
    if (!isFiniteComplex(va) || !isFiniteComplex(vb)) continue;
    const na = Math.hypot(va.re, va.im);
    const nb = Math.hypot(vb.re, vb.im);
    if (na < 1e-12 && nb < 1e-12) continue;
    if (na < 1e-12 || nb < 1e-12) return false;
    const r = { re: (va.re * vb.re + va.im * vb.im) / (nb * nb), im: (va.im * vb.re - va.re * vb.im) / (nb * nb) };
    if (ratio === null) ratio = r;
    else if (!close(r, ratio, 1e-8)) return false;
    compared++;
  }
  return compared >= 2;
}

function isWrittenInfinity(e: Expr): boolean {
  if (e.t === 'neg') return isWrittenInfinity(e.a);
  return e.t === 'const' && e.name === 'inf';
}

function isInfinite(v: Complex): boolean {
  return !Number.isNaN(v.re) && !Number.isFinite(v.re) && (v.im === 0 || Number.isNaN(v.im));
}

export function close(a: Complex, b: Complex, tolerance: number): boolean {
  if (!isFiniteComplex(a) || !isFiniteComplex(b)) return false;
  const diff = Math.hypot(a.re - b.re, a.im - b.im);
  const scale = Math.max(Math.hypot(a.re, a.im), Math.hypot(b.re, b.im));
  if (scale === 0) return true;
  // An absolute floor only against an exact zero (sin π vs 0); tiny values compare relatively.
  const zero = (a.re === 0 && a.im === 0) || (b.re === 0 && b.im === 0);
  return diff <= tolerance * scale || (zero && diff < 1e-13);
}

/** Fixed, irregular sample values so that distinct expressions rarely collide. */
const BASE = [0.5377, 1.8339, 1.2241, 2.3188, 0.8622, 1.4311, 2.7694, 0.6631];

/**
 * Five points in (0.5, 3) per symbol; step functions (floor, ceil, sums over symbolic
 * bounds) are flat between integers, so they get 24 points spread up to about 60.
 */
function samplePoints(symbols: readonly string[], wide = false): Array<Map<string, Complex>> {
  const count = symbols.length === 0 ? 1 : wide ? 24 : 5;
  const points: Array<Map<string, Complex>> = [];
  for (let k = 0; k < count; k++) {
    const env = new Map<string, Complex>();
    symbols.forEach((name, j) => {
      const base = BASE[(k * 3 + j * 5) % BASE.length]! + 0.173 * j + 0.031 * k;
      env.set(name, c(wide ? base * (1 + 2.3 * k) : base));
    });
    points.push(env);
  }
  return points;
}

function tiny(v: Complex): boolean {
  return Math.hypot(v.re, v.im) < 1e-250 || !isFiniteComplex(v);
}

/** Contains a factorial, binomial or power large enough to leave the range of doubles. */
function extremeMagnitude(e: Expr): boolean {
  switch (e.t) {
    case 'call':
      return e.name === 'fact' || e.name === 'binom' || e.args.some(extremeMagnitude);
    case 'pow': {
      if (extremeMagnitude(e.a) || extremeMagnitude(e.b)) return true;
      const q = exactValue(e.b);
      return q === null || Math.abs(Q.toNumber(q)) > 60;
    }
    case 'add':
    case 'mul':
      return e.args.some(extremeMagnitude);
    case 'neg':
      return extremeMagnitude(e.a);
    case 'div':
      return extremeMagnitude(e.a) || extremeMagnitude(e.b);
    case 'sum':
    case 'prod':
      return true;
    default:
      return false;
  }
}

function piecewise(e: Expr): boolean {
  switch (e.t) {
    case 'call':
      return e.name === 'floor' || e.name === 'ceil' || e.args.some(piecewise);
    case 'add':
    case 'mul':
      return e.args.some(piecewise);
    case 'neg':
      return piecewise(e.a);
    case 'div':
    case 'pow':
      return piecewise(e.a) || piecewise(e.b);
    case 'sum':
    case 'prod':
      return true;
    default:
      return false;
  }
}
