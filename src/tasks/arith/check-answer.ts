import type { ArithRules } from './arith-state.js';
import { evaluateExpression, ExpressionSyntaxError, formatExpression, leaves, parseExpression } from './expression.js';
import { equals, formatRational, type Rational } from './rational.js';

export interface CheckAnswerOptions {
  /** `integer` applies Countdown's rules (every intermediate a non-negative integer). */
  rules?: ArithRules;
}

export type CheckAnswerResult =
  | { ok: true; expression: string; value: Rational }
  | { ok: false; reason: string; expression: string | null };

/** The content of the last `\boxed{...}` (balanced braces), or null. */
function lastBoxed(text: string): string | null {
  const start = text.lastIndexOf('\\boxed');
  if (start < 0) return null;
  const open = text.indexOf('{', start);
  if (open < 0) return null;
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return text.slice(open + 1, k);
  }
  return null;
}

/**
 * Finds the expression in a final answer text: inside the last `\boxed{}`, else after the
 * last `Answer:` (as Tree of Thoughts' outputs write it), else the last non-empty line;
 * then drops a trailing `= 24`, `$`/`\(` delimiters and a final period.
 */
export function extractExpression(text: string): string {
  let s = lastBoxed(text);
  if (s === null) {
    const m = /answer\s*:/gi;
    let last = -1;
    for (let hit = m.exec(text); hit; hit = m.exec(text)) last = hit.index + hit[0].length;
    s = last >= 0 ? text.slice(last) : text;
    const lines = s.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    s = (last >= 0 ? lines[0] : lines[lines.length - 1]) ?? '';
  }
  s = s.replace(/\$|\\\(|\\\)|\\\[|\\\]/g, '').trim();
  const eq = s.indexOf('=');
  if (eq >= 0) s = s.slice(0, eq);
  return s.trim().replace(/[.。]\s*$/, '').trim();
}

/** Counts rationals by their text form. */
function tally(nums: readonly Rational[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of nums) {
    const k = formatRational(n);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

const TIMES = ['', 'once', 'twice'];

function times(n: number): string {
  return TIMES[n] ?? `${n} times`;
}

/**
 * Checks a final answer for a Game of 24 / Countdown puzzle: the expression must use each
 * given number exactly once and equal the target. When it does not, `reason` says why in
 * one line: `uses 4 twice`, `equals 23, not 24`, `cannot parse ...`.
 */
export function checkAnswer(
  text: string,
  numbers: readonly Rational[],
  target: number,
  options: CheckAnswerOptions = {},
): CheckAnswerResult {
  const expression = extractExpression(text);
  if (expression === '') return { ok: false, reason: 'no expression found in the answer', expression: null };
  let expr;
  try {
    expr = parseExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, reason: `cannot parse '${expression}': ${error.message}`, expression };
    throw error;
  }
  const given = tally(numbers);
  const used = tally(leaves(expr));
  const givenText = numbers.map(formatRational).join(' ');
  for (const [n, count] of used) {
    const have = given.get(n) ?? 0;
    if (have === 0) return { ok: false, reason: `uses ${n}, which is not among ${givenText}`, expression };
    if (count > have) return { ok: false, reason: `uses ${n} ${times(count)}${have > 1 ? ` but it is given ${times(have)}` : ''}`, expression };
  }
  for (const [n, have] of given) {
    const count = used.get(n) ?? 0;
    if (count < have) return { ok: false, reason: count === 0 ? `does not use ${n}` : `uses ${n} ${times(count)}, but it is given ${times(have)}`, expression };
  }
  const result = evaluateExpression(expr, options.rules ?? 'rational');
  if (!result.ok) return { ok: false, reason: result.reason, expression };
  if (!equals(result.value, [target, 1])) {
    return { ok: false, reason: `equals ${formatRational(result.value)}, not ${target}`, expression };
  }
  return { ok: true, expression: formatExpression(expr), value: result.value };
}
