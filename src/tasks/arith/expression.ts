import type { ArithOp, ArithRules } from './arith-state.js';
import { add, div, formatRational, isInteger, mul, rational, sub, type Rational } from './rational.js';

/**
 * Arithmetic expressions as people and models write them: `(13 - 9) * (10 - 4)`, with
 * `×`, `÷`, `\times`, `\div`, `\cdot`, `−`, brackets and `\frac{a}{b}` accepted. Parsed into
 * a small tree so that the checker can evaluate it exactly and list the numbers it uses.
 */
export type Expr =
  | { kind: 'num'; value: Rational; text: string }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: ArithOp; left: Expr; right: Expr };

export class ExpressionSyntaxError extends Error {}

/** Rewrites the notations we accept into plain `+ - * / ( )`. */
export function normalizeExpression(text: string): string {
  let s = text;
  // \frac{a}{b} -> ((a)/(b)); repeated so that nested fractions unwind from the inside.
  for (let guard = 0; guard < 20 && s.includes('\\frac'); guard++) {
    const next = s.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '(($1)/($2))');
    if (next === s) break;
    s = next;
  }
  return s
    .replace(/\\left|\\right/g, '')
    .replace(/\\times|\\cdot|[×·∗⋅]/g, '*')
    .replace(/\\div|[÷∕]/g, '/')
    .replace(/[−–—]/g, '-')
    .replace(/[[{]/g, '(')
    .replace(/[\]}]/g, ')')
    .replace(/\\[,;!: ]/g, ' ');
}

interface Cursor {
  text: string;
  pos: number;
}

function skipSpace(c: Cursor): void {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos]!)) c.pos++;
}

function peek(c: Cursor): string | undefined {
  skipSpace(c);
  return c.text[c.pos];
}

function fail(c: Cursor, what: string): never {
  const at = c.pos < c.text.length ? `'${c.text[c.pos]}' at position ${c.pos + 1}` : 'the end';
  throw new ExpressionSyntaxError(`${what}, found ${at}`);
}

function parseSum(c: Cursor): Expr {
  let left = parseProduct(c);
  for (let ch = peek(c); ch === '+' || ch === '-'; ch = peek(c)) {
    c.pos++;
    left = { kind: 'bin', op: ch, left, right: parseProduct(c) };
  }
  return left;
}

function parseProduct(c: Cursor): Expr {
  let left = parseUnary(c);
  for (let ch = peek(c); ch === '*' || ch === '/'; ch = peek(c)) {
    c.pos++;
    left = { kind: 'bin', op: ch, left, right: parseUnary(c) };
  }
  return left;
}

function parseUnary(c: Cursor): Expr {
  const ch = peek(c);
  if (ch === '-') {
    c.pos++;
    return { kind: 'neg', arg: parseUnary(c) };
  }
  if (ch === '+') {
    c.pos++;
    return parseUnary(c);
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): Expr {
  const ch = peek(c);
  if (ch === '(') {
    c.pos++;
    const inner = parseSum(c);
    if (peek(c) !== ')') fail(c, "expected ')'");
    c.pos++;
    return inner;
  }
  const m = /^\d+(?:\.\d+)?/.exec(c.text.slice(c.pos));
  if (!m) fail(c, 'expected a number or (');
  c.pos += m[0].length;
  const [whole, frac = ''] = m[0].split('.');
  const value = rational(Number(whole! + frac), 10 ** frac.length);
  if (!value) throw new ExpressionSyntaxError(`number ${m[0]} is too large`);
  return { kind: 'num', value, text: m[0] };
}

/** Parses one expression (after normalization); throws ExpressionSyntaxError with the position. */
export function parseExpression(text: string): Expr {
  const c: Cursor = { text: normalizeExpression(text), pos: 0 };
  if (peek(c) === undefined) throw new ExpressionSyntaxError('empty expression');
  const expr = parseSum(c);
  if (peek(c) !== undefined) fail(c, 'expected an operator or the end');
  return expr;
}

/** The numbers an expression uses, in reading order. */
export function leaves(expr: Expr, out: Rational[] = []): Rational[] {
  if (expr.kind === 'num') out.push(expr.value);
  else if (expr.kind === 'neg') leaves(expr.arg, out);
  else {
    leaves(expr.left, out);
    leaves(expr.right, out);
  }
  return out;
}

export type EvalResult = { ok: true; value: Rational } | { ok: false; reason: string };

/**
 * Evaluates exactly. Under `integer` rules (Countdown) every intermediate result must be a
 * non-negative integer, so `13 / 2` and `9 - 13` are refused with the offending part named.
 */
export function evaluateExpression(expr: Expr, rules: ArithRules = 'rational'): EvalResult {
  if (expr.kind === 'num') return { ok: true, value: expr.value };
  if (expr.kind === 'neg') {
    const inner = evaluateExpression(expr.arg, rules);
    if (!inner.ok) return inner;
    if (rules === 'integer' && inner.value[0] !== 0) return { ok: false, reason: `${formatExpression(expr)} is negative (Countdown allows only non-negative integers)` };
    return { ok: true, value: [-inner.value[0] || 0, inner.value[1]] };
  }
  const l = evaluateExpression(expr.left, rules);
  if (!l.ok) return l;
  const r = evaluateExpression(expr.right, rules);
  if (!r.ok) return r;
  if (expr.op === '/' && r.value[0] === 0) return { ok: false, reason: `${formatExpression(expr)} divides by zero` };
  const fn = expr.op === '+' ? add : expr.op === '-' ? sub : expr.op === '*' ? mul : div;
  const value = fn(l.value, r.value);
  if (!value) return { ok: false, reason: `${formatExpression(expr)} is too large to compute exactly` };
  if (rules === 'integer') {
    if (!isInteger(value)) return { ok: false, reason: `${formatExpression(expr)} is not an integer (Countdown allows only exact integer results)` };
    if (value[0] < 0) return { ok: false, reason: `${formatExpression(expr)} is negative (Countdown allows only non-negative integers)` };
  }
  return { ok: true, value };
}

const PREC: Record<ArithOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

function precOf(expr: Expr): number {
  return expr.kind === 'bin' ? PREC[expr.op] : 3;
}

/** Writes the expression with the fewest parentheses that keep its meaning: `(13 - 9) * (10 - 4)`. */
export function formatExpression(expr: Expr): string {
  if (expr.kind === 'num') return expr.value[1] === 1 ? expr.text : formatRational(expr.value);
  if (expr.kind === 'neg') return expr.arg.kind === 'num' ? `-${formatExpression(expr.arg)}` : `-(${formatExpression(expr.arg)})`;
  const p = PREC[expr.op];
  const left = formatExpression(expr.left);
  const right = formatExpression(expr.right);
  const lp = precOf(expr.left) < p ? `(${left})` : left;
  const rightNeedsParens = precOf(expr.right) < p || (precOf(expr.right) === p && (expr.op === '-' || expr.op === '/'));
  return `${lp} ${expr.op} ${rightNeedsParens ? `(${right})` : right}`;
}

/** Re-writes an expression text with minimal parentheses (the input text when it does not parse). */
export function tidyExpression(text: string): string {
  try {
    return formatExpression(parseExpression(text));
  } catch {
    return text;
  }
}

/**
 * Where `tidyStateExpression` is in its text, and which parentheses it has found to be
 * redundant (their positions). One object per call instead of closures.
 */
interface TidyCursor {
  text: string;
  pos: number;
  drops: number[];
  ok: boolean;
}

/** 1 for `+ -`, 2 for `* /` (as PREC), 0 for any other char code. */
function precOfCode(code: number): number {
  return code === 43 || code === 45 ? 1 : code === 42 || code === 47 ? 2 : 0;
}

/**
 * Reads the expression at the cursor and returns its precedence (3 for a number). Marks
 * its operands' parentheses as dropped when `formatExpression` would not write them, so
 * the tidy text is the input minus those characters (the spacing is already the same).
 */
function tidyScan(c: TidyCursor): number {
  const { text } = c;
  if (text.charCodeAt(c.pos) === 40) {
    c.pos++;
    const leftStart = c.pos;
    const leftPrec = tidyScan(c);
    const leftEnd = c.pos - 1;
    const code = text.charCodeAt(c.pos + 1);
    const p = precOfCode(code);
    if (!c.ok || p === 0 || text.charCodeAt(c.pos) !== 32 || text.charCodeAt(c.pos + 2) !== 32) {
      c.ok = false;
      return 0;
    }
    c.pos += 3;
    const rightStart = c.pos;
    const rightPrec = tidyScan(c);
    const rightEnd = c.pos - 1;
    if (!c.ok || text.charCodeAt(c.pos) !== 41) {
      c.ok = false;
      return 0;
    }
    c.pos++;
    // A bracketed operand keeps its brackets only where precedence needs them (as formatExpression).
    if (leftPrec !== 3 && leftPrec >= p) c.drops.push(leftStart, leftEnd);
    if (rightPrec !== 3 && !(rightPrec < p || (rightPrec === p && (code === 45 || code === 47)))) c.drops.push(rightStart, rightEnd);
    return p;
  }
  const start = c.pos;
  let pos = start;
  for (let code = text.charCodeAt(pos); code >= 48 && code <= 57; code = text.charCodeAt(++pos));
  if (pos === start) c.ok = false;
  c.pos = pos;
  return 3;
}

/**
 * `tidyExpression` for the states' own expressions, which are always `digits` or
 * `(left op right)`: one pass over char codes that finds the redundant parentheses, then
 * the text without them. No normalisation, regexes or rebuilt subexpressions: a search
 * asks for the answer of every finished state it creates, so this sits on its hot path
 * (the general parser made it ten times slower than the expansion itself). Anything else
 * falls back to the general parser.
 */
export function tidyStateExpression(text: string): string {
  if (text.length === 0) return tidyExpression(text);
  const c: TidyCursor = { text, pos: 0, drops: [], ok: true };
  const prec = tidyScan(c);
  if (!c.ok || c.pos !== text.length) return tidyExpression(text);
  if (prec === 3) return text;
  const { drops } = c;
  if (drops.length === 0) return text.slice(1, text.length - 1);
  // A handful of positions: an insertion sort beats Array#sort's set-up.
  for (let k = 1; k < drops.length; k++) {
    const v = drops[k]!;
    let m = k - 1;
    for (; m >= 0 && drops[m]! > v; m--) drops[m + 1] = drops[m]!;
    drops[m + 1] = v;
  }
  let out = '';
  let from = 1;
  for (let k = 0; k < drops.length; k++) {
    out += text.slice(from, drops[k]);
    from = drops[k]! + 1;
  }
  return out + text.slice(from, text.length - 1);
}
