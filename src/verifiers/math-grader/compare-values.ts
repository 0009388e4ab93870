import { expressionsEqual, proportional } from './compare-expressions.js';
import { evaluate } from './evaluate.js';
import type { Expr } from './expr.js';
import { freeSymbols } from './expr.js';
import type { GradeOptions } from './grade-options.js';
import type { Value } from './parse-answer.js';
import { canonicalText } from './parse-answer.js';

/** Options the structural comparison needs, plus a hook for LaTeX only the CAS can read. */
export interface CompareContext {
  options: GradeOptions;
  /** Compares two LaTeX strings with the computer-algebra system; null when it cannot tell. */
  cas: (a: string, b: string) => boolean | null;
}

const INF: Expr = { t: 'const', name: 'inf' };
const NEG_INF: Expr = { t: 'neg', a: INF };

export function valuesEqual(a: Value, b: Value, ctx: CompareContext): boolean {
  a = collapseRepeats(a, ctx);
  b = collapseRepeats(b, ctx);
  // Singletons: a one-item list or set is its item.
  if ((a.k === 'list' || a.k === 'set') && a.items.length === 1 && !(b.k === 'set' && b.items.length === 1)) return valuesEqual(a.items[0]!, b, ctx);
  if ((b.k === 'list' || b.k === 'set') && b.items.length === 1 && !(a.k === 'set' && a.items.length === 1)) return valuesEqual(a, b.items[0]!, ctx);

  if (a.k === 'rel' || b.k === 'rel') return relationEqual(a, b, ctx);

  switch (a.k) {
    case 'expr':
      if (b.k === 'expr') return expressionsEqual(a.e, b.e, ctx.options.relativeTolerance);
      if (b.k === 'latex') return latexEqual(a, b, ctx);
      if (b.k === 'text') return textOf(a) === b.s;
      return false;
    case 'text':
      return textOf(b) === a.s;
    case 'latex':
      return latexEqual(a, b, ctx);
    case 'list':
    case 'set':
      if (b.k === 'list' || b.k === 'set') {
        const ordered = ctx.options.listOrder === 'ordered' && a.k === 'list' && b.k === 'list';
        return ordered ? sequenceEqual(a.items, b.items, ctx) : unorderedEqual(a.items, b.items, ctx);
      }
      if (b.k === 'tuple') return tupleVsCollection(b, a, ctx);
      if (b.k === 'union') return unionEqual(a, b, ctx);
      return false;
    case 'tuple':
      if (b.k === 'tuple') {
        return (a.open === b.open && a.close === b.close) && sequenceEqual(a.items, b.items, ctx);
      }
      if (b.k === 'list' || b.k === 'set') return tupleVsCollection(a, b, ctx);
      // A column vector is a point `(a, b)`, never an interval such as `(0,1]` or `[0,1]`.
      if (b.k === 'matrix') return a.open === '(' && a.close === ')' && vectorEqual(b, a.items, ctx);
      if (b.k === 'union') return unionEqual(a, b, ctx);
      return false;
    case 'union':
      return unionEqual(a, b, ctx);
    case 'matrix':
      if (b.k === 'matrix') {
        return a.rows.length === b.rows.length && a.rows.every((row, i) => sequenceEqual(row, b.rows[i]!, ctx));
      }
      if (b.k === 'tuple') return b.open === '(' && b.close === ')' && vectorEqual(a, b.items, ctx);
      if (b.k === 'list') return vectorEqual(a, b.items, ctx);
      return false;
    case 'ratio':
      return b.k === 'ratio' && sequenceEqual(a.items, b.items, ctx);
  }
}

/** A list that repeats one answer (`18, 18` from two boxes) is that answer. */
function collapseRepeats(v: Value, ctx: CompareContext): Value {
  if (v.k !== 'list' || v.items.length < 2 || v.items.length > 20) return v;
  const first = v.items[0]!;
  if (first.k === 'list') return v;
  return v.items.slice(1).every((x) => x.k === first.k && valuesEqual(first, x, ctx)) ? first : v;
}

function textOf(v: Value): string | null {
  if (v.k === 'text') return v.s;
  if (v.k === 'expr' && v.e.t === 'sym') return canonicalText(v.e.name);
  if (v.k === 'expr' && v.e.t === 'const' && (v.e.name === 'e' || v.e.name === 'i')) return v.e.name;
  if (v.k === 'latex') return canonicalText(v.s);
  return null;
}

function latexEqual(a: Value, b: Value, ctx: CompareContext): boolean {
  const sa = a.k === 'latex' ? a.s : null;
  const sb = b.k === 'latex' ? b.s : null;
  if (sa !== null && sb !== null && sa.replace(/\s+/g, '') === sb.replace(/\s+/g, '')) return true;
  // One side parsed and the other did not: the whole-answer CAS check in `compareAnswers` decides.
  if (sa === null || sb === null) return false;
  return ctx.cas(sa, sb) ?? false;
}

function sequenceEqual(a: readonly Value[], b: readonly Value[], ctx: CompareContext): boolean {
  return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!, ctx));
}

/** Set equality with repeats ignored: every item on each side has a match on the other. */
function unorderedEqual(a: readonly Value[], b: readonly Value[], ctx: CompareContext): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  const matched = new Array<boolean>(b.length).fill(false);
  for (const x of a) {
    let found = false;
    for (let j = 0; j < b.length; j++) {
      if (valuesEqual(x, b[j]!, ctx)) {
        matched[j] = true;
        found = true;
      }
    }
    if (!found) return false;
  }
  return matched.every(Boolean);
}

/**
 * `(5,2)` against `p=5, q=2` (a list of assignments: compared in order), or against
 * `{5,2}` in bare braces (LaTeX shows them as `5,2`), in order. A tuple or an interval is
 * never a set: `(3,4)` is not `\{3,4\}`, whatever the order.
 */
function tupleVsCollection(t: Value & { k: 'tuple' }, col: Value & { k: 'list' | 'set' }, ctx: CompareContext): boolean {
  if (t.open !== '(' || t.close !== ')') return false;
  if (col.k === 'set' && !col.bare) return false;
  const assignments = col.items.every((v) => v.k === 'rel' && assignment(v) !== null);
  if (col.k === 'list' && !assignments) return false;
  const values = col.items.map((v) => (v.k === 'rel' ? assignment(v)?.value ?? v : v));
  return sequenceEqual(t.items, values, ctx);
}

function vectorEqual(m: Value & { k: 'matrix' }, items: readonly Value[], ctx: CompareContext): boolean {
  const column = m.rows.every((r) => r.length === 1) ? m.rows.map((r) => r[0]!) : m.rows.length === 1 ? m.rows[0]! : null;
  return column !== null && sequenceEqual(column, items, ctx);
}

function unionEqual(a: Value, b: Value, ctx: CompareContext): boolean {
  const ia = intervalsOf(a, ctx);
  const ib = intervalsOf(b, ctx);
  if (!ia || !ib) return false;
  return unorderedEqual(ia, ib, ctx);
}

/** The pieces of a union (or the one interval / set). */
function intervalsOf(v: Value, ctx: CompareContext): Value[] | null {
  if (v.k === 'union') {
    const out: Value[] = [];
    for (const item of v.items) {
      const parts = intervalsOf(item, ctx);
      if (!parts) return null;
      out.push(...parts);
    }
    return out;
  }
  if (v.k === 'tuple' || v.k === 'set') return [v];
  if (v.k === 'rel' && ctx.options.relationAsInterval) return relationIntervals(v);
  if (v.k === 'list' && ctx.options.relationAsInterval && v.items.every((x) => x.k === 'rel')) {
    const out: Value[] = [];
    for (const item of v.items) {
      const parts = relationIntervals(item as Value & { k: 'rel' });
      if (!parts) return null;
      out.push(...parts);
    }
    return out;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Relations: assignments, equations, inequalities.

interface Assignment {
  lhs: Value;
  value: Value;
}

/** `k = v` (a name on the left) or a chain `x = 5+5+1 = 11` (its last value). */
export function assignment(v: Value & { k: 'rel' }): Assignment | null {
  if (!v.ops.every((o) => o === '=' || o === '~')) return null;
  // `x = 1/3 \approx 0.33`: the value is the one stated before the approximation.
  const approx = v.ops.indexOf('~');
  const last = approx > 0 ? approx : v.parts.length - 1;
  const lhs = v.parts[0]!;
  if (last >= 2 || nameLike(lhs)) return { lhs, value: v.parts[last]! };
  return null;
}

/** Something that names a quantity rather than computes one: x, a_3, f(x), |AB|, NO/BO, A:B, (p,q). */
function nameLike(v: Value): boolean {
  if (v.k === 'tuple') return v.items.every(nameLike);
  if (v.k === 'ratio') return v.items.every(nameLike);
  if (v.k === 'text') return true;
  if (v.k !== 'expr') return false;
  const ok = (e: Expr): boolean => {
    switch (e.t) {
      case 'sym':
        return true;
      case 'call':
        return true;
      case 'mul':
        return e.args.every(ok);
      case 'div':
        return ok(e.a) && ok(e.b);
      case 'const':
        return e.name !== 'inf';
      default:
        return false;
    }
  };
  return ok(v.e);
}

function relationEqual(a: Value, b: Value, ctx: CompareContext): boolean {
  const ra = a.k === 'rel' ? a : null;
  const rb = b.k === 'rel' ? b : null;
  const aa = ra && assignment(ra);
  const ab = rb && assignment(rb);
  if (ra && rb) {
    if (aa && ab && lhsEqual(aa.lhs, ab.lhs, ctx) && valuesEqual(aa.value, ab.value, ctx)) return true;
    if (equationsEqual(ra, rb)) return true;
    if (isInequality(ra) && isInequality(rb)) return unionEqual(ra, rb, ctx);
    return sameRelation(ra, rb, ctx);
  }
  const rel = (ra ?? rb)!;
  const other = ra ? b : a;
  const asg = aa ?? ab;
  if (asg) return valuesEqual(asg.value, other, ctx);
  if (isInequality(rel) && (other.k === 'tuple' || other.k === 'union' || other.k === 'list')) return unionEqual(rel, other, ctx);
  return false;
}

function lhsEqual(a: Value, b: Value, ctx: CompareContext): boolean {
  if (!ctx.options.strictVariables) return true;
  // f(x) = ... against f(n) = ...: the same function, whatever its argument is called.
  if (a.k === 'expr' && b.k === 'expr' && a.e.t === 'call' && b.e.t === 'call' && a.e.name === b.e.name && a.e.name !== 'abs') return true;
  return valuesEqual(a, b, ctx);
}

function isInequality(r: Value & { k: 'rel' }): boolean {
  return r.ops.every((o) => o === '<' || o === '>' || o === 'le' || o === 'ge');
}

const FLIP: Record<string, string> = { '<': '>', '>': '<', le: 'ge', ge: 'le', '=': '=', ne: 'ne' };

/** The same chain of relations, read forwards or backwards. */
function sameRelation(a: Value & { k: 'rel' }, b: Value & { k: 'rel' }, ctx: CompareContext): boolean {
  if (a.parts.length !== b.parts.length) return false;
  if (a.ops.every((o, i) => o === b.ops[i]) && sequenceEqual(a.parts, b.parts, ctx)) return true;
  const reversedOps = [...b.ops].reverse().map((o) => FLIP[o] ?? o);
  return a.ops.every((o, i) => o === reversedOps[i]) && sequenceEqual(a.parts, [...b.parts].reverse(), ctx);
}

/** `y = 2x+1` against `2y = 4x+2` or `y - 2x - 1 = 0`: the differences are proportional. */
function equationsEqual(a: Value & { k: 'rel' }, b: Value & { k: 'rel' }): boolean {
  if (a.ops.length !== 1 || b.ops.length !== 1 || a.ops[0] !== '=' || b.ops[0] !== '=') return false;
  const [la, ra] = a.parts;
  const [lb, rb] = b.parts;
  if (la?.k !== 'expr' || ra?.k !== 'expr' || lb?.k !== 'expr' || rb?.k !== 'expr') return false;
  const da: Expr = { t: 'add', args: [la.e, { t: 'neg', a: ra.e }] };
  const db: Expr = { t: 'add', args: [lb.e, { t: 'neg', a: rb.e }] };
  return proportional(da, db);
}

/** An inequality in one unknown as intervals: `x \le 3` → (-∞, 3]; `1 \le |z| \le 2` → [-2,-1] ∪ [1,2]. */
function relationIntervals(r: Value & { k: 'rel' }): Value[] | null {
  if (!isInequality(r) || r.parts.some((p) => p.k !== 'expr')) return null;
  const exprs = r.parts.map((p) => (p as Value & { k: 'expr' }).e);
  if (exprs.length === 3) {
    const up = r.ops.every((o) => o === '<' || o === 'le');
    const down = r.ops.every((o) => o === '>' || o === 'ge');
    if (!up && !down) return null;
    const [lo, mid, hi] = up ? exprs : [...exprs].reverse();
    const [opLo, opHi] = up ? r.ops : [...r.ops].reverse();
    const loClosed = opLo === 'le' || opLo === 'ge';
    const hiClosed = opHi === 'le' || opHi === 'ge';
    if (mid!.t === 'call' && mid!.name === 'abs' && mid!.args[0]!.t === 'sym') {
      return [
        interval({ t: 'neg', a: hi! }, { t: 'neg', a: lo! }, hiClosed, loClosed),
        interval(lo!, hi!, loClosed, hiClosed),
      ];
    }
    return [interval(lo!, hi!, loClosed, hiClosed)];
  }
  if (exprs.length !== 2) return null;
  const [left, right] = exprs as [Expr, Expr];
  const op = r.ops[0]!;
  const symbols = [...freeSymbols(right, freeSymbols(left))];
  if (symbols.length !== 1) return null;
  // f(t) = left - right must be linear in the unknown t: f(t) = slope·t + f(0).
  const name = symbols[0]!;
  const f = (t: number): number => {
    const v = evaluate({ t: 'add', args: [left, { t: 'neg', a: right }] }, new Map([[name, { re: t, im: 0 }]]));
    return v.im === 0 ? v.re : NaN;
  };
  const f0 = f(0);
  const slope = f(1) - f0;
  if (!Number.isFinite(slope) || Math.abs(slope) < 1e-12 || Math.abs(f(2.5) - (2.5 * slope + f0)) > 1e-9 * (1 + Math.abs(f0))) return null;
  // The boundary is kept exact when one side is the bare unknown.
  const bound: Expr =
    left.t === 'sym' ? right : right.t === 'sym' ? left : { t: 'num', v: { n: 0n, d: 1n }, decimal: false };
  const root: Expr = left.t === 'sym' || right.t === 'sym' ? bound : decimalExpr(-f0 / slope);
  const less = (op === '<' || op === 'le') === slope > 0;
  const closed = op === 'le' || op === 'ge';
  return [less ? interval(NEG_INF, root, false, closed) : interval(root, INF, closed, false)];
}

function interval(lo: Expr, hi: Expr, loClosed: boolean, hiClosed: boolean): Value {
  return { k: 'tuple', open: loClosed ? '[' : '(', close: hiClosed ? ']' : ')', items: [{ k: 'expr', e: lo }, { k: 'expr', e: hi }] };
}

function decimalExpr(x: number): Expr {
  // Boundaries found numerically are compared as (exact-looking) decimals to 1e-9.
  const scaled = BigInt(Math.round(x * 1e12));
  return { t: 'div', a: { t: 'num', v: { n: scaled, d: 1n }, decimal: true }, b: { t: 'num', v: { n: 10n ** 12n, d: 1n }, decimal: false } };
}
