import { casEqual } from './cas-equal.js';
import { type CompareContext, valuesEqual } from './compare-values.js';
import type { Expr } from './expr.js';
import { extractAnswer, type ExtractionMethod } from '../../tasks/math/extract-answer.js';
import { type GradeOptions, resolveOptions } from './grade-options.js';
import { normalizeAnswer } from './normalize-answer.js';
import { type ParsedAnswer, parseAnswer, type Value } from './parse-answer.js';

/** Longer extracted answers are not parsed (they are not answers, and would only cost time). */
const MAX_ANSWER_CHARS = 20_000;

export type GradeReason =
  | 'identical' | 'equivalent' | 'equivalent-percent' | 'equivalent-degrees' | 'equivalent-cas'
  | 'different' | 'units-differ' | 'not-reduced' | 'no-answer' | 'no-gold' | 'unparseable' | 'timeout' | 'error';

export interface GradeResult {
  equal: boolean;
  reason: GradeReason;
  /** The gold answer as compared (after extraction). */
  gold: string | null;
  /** The predicted answer as compared (after extraction), null when none was found. */
  pred: string | null;
  /** How the prediction's answer was found. */
  extraction: ExtractionMethod | 'given';
}

export interface GradeCallOptions extends Partial<GradeOptions> {
  /**
   * `auto` (default): extract an answer when the text looks like a solution (a box,
   * "final answer", `####`, or longer prose); `always`; `never` (the text is the answer).
   */
  extract?: 'auto' | 'always' | 'never';
}

/** Grades one prediction against one gold answer. Synchronous; see `GraderPool` for timeouts. */
export function grade(gold: string, pred: string, options: GradeCallOptions = {}): GradeResult {
  const opts = resolveOptions(options);
  const mode = options.extract ?? 'auto';
  // A gold answer is usually just the answer: extract from it only when it reads like a solution.
  const g = pick(gold, mode === 'never' ? 'never' : 'auto');
  const p = pick(pred, mode);
  const base = { gold: g.answer, pred: p.answer, extraction: p.method };
  if (g.answer === null) return { ...base, equal: false, reason: 'no-gold' };
  if (p.answer === null) return { ...base, equal: false, reason: 'no-answer' };
  const verdict = compareAnswers(g.answer, p.answer, opts);
  return { ...base, ...verdict };
}

function pick(text: string, mode: 'auto' | 'always' | 'never'): { answer: string | null; method: ExtractionMethod | 'given' } {
  if (mode === 'never') return { answer: text.trim() === '' ? null : text, method: 'given' };
  if (mode === 'auto' && !looksLikeSolution(text)) return { answer: text.trim() === '' ? null : text, method: 'given' };
  return extractAnswer(text);
}

function looksLikeSolution(text: string): boolean {
  return /\\boxed|\\fbox|final answer|answer is|####/i.test(text) || (text.length > 80 && /[.!?]\s+[A-Z]/.test(text));
}

export function compareAnswers(gold: string, pred: string, opts: GradeOptions): { equal: boolean; reason: GradeReason } {
  if (gold.length > MAX_ANSWER_CHARS || pred.length > MAX_ANSWER_CHARS) {
    return gold === pred ? { equal: true, reason: 'identical' } : { equal: false, reason: 'unparseable' };
  }
  if (normalizeAnswer(gold).replace(/\s+/g, '') === normalizeAnswer(pred).replace(/\s+/g, '')) {
    return { equal: true, reason: 'identical' };
  }
  let g: ParsedAnswer;
  let p: ParsedAnswer;
  try {
    g = parseAnswer(gold, { decimalComma: opts.decimalComma });
    p = parseAnswer(pred, { decimalComma: opts.decimalComma });
  } catch {
    return { equal: false, reason: 'unparseable' };
  }
  if (opts.units === 'must-match' && ((g.unit && p.unit && g.unit !== p.unit) || (g.unit && p.percent) || (g.percent && p.unit))) {
    return { equal: false, reason: 'units-differ' };
  }
  const ctx: CompareContext = { options: opts, cas: casEqual };
  const reduced = (): boolean => !opts.requireReduced || !hasUnreducedFraction(p.text);
  if (g.text.replace(/\s+/g, '') === p.text.replace(/\s+/g, '') || valuesEqual(g.value, p.value, ctx)) {
    if (g.percent === p.percent || opts.percent !== 'fraction') return reduced() ? { equal: true, reason: 'equivalent' } : { equal: false, reason: 'not-reduced' };
  }
  if (g.percent !== p.percent && opts.percent !== 'number') {
    const [scaledGold, scaledPred] = g.percent ? [scale(g.value, 1, 100), p.value] : [g.value, scale(p.value, 1, 100)];
    if (scaledGold && scaledPred && valuesEqual(scaledGold, scaledPred, ctx)) return { equal: true, reason: 'equivalent-percent' };
  }
  if (g.degrees !== p.degrees && opts.degrees === 'either') {
    const radians: Expr = { t: 'div', a: { t: 'const', name: 'pi' }, b: { t: 'num', v: { n: 180n, d: 1n }, decimal: false } };
    const [ga, pa] = g.degrees ? [scaleBy(g.value, radians), p.value] : [g.value, scaleBy(p.value, radians)];
    if (ga && pa && valuesEqual(ga, pa, ctx)) return { equal: true, reason: 'equivalent-degrees' };
  }
  if (containsLatex(g.value) || containsLatex(p.value)) {
    if (casEqual(g.text, p.text) === true) return { equal: true, reason: 'equivalent-cas' };
  }
  return { equal: false, reason: 'different' };
}

function scale(v: Value, num: number, den: number): Value | null {
  return scaleBy(v, { t: 'div', a: { t: 'num', v: { n: BigInt(num), d: 1n }, decimal: false }, b: { t: 'num', v: { n: BigInt(den), d: 1n }, decimal: false } });
}

function scaleBy(v: Value, factor: Expr): Value | null {
  if (v.k !== 'expr') return null;
  return { k: 'expr', e: { t: 'mul', args: [v.e, factor] } };
}

function containsLatex(v: Value): boolean {
  switch (v.k) {
    case 'latex':
      return true;
    case 'list':
    case 'set':
    case 'tuple':
    case 'union':
    case 'ratio':
      return v.items.some(containsLatex);
    case 'rel':
      return v.parts.some(containsLatex);
    case 'matrix':
      return v.rows.some((r) => r.some(containsLatex));
    default:
      return false;
  }
}

function hasUnreducedFraction(text: string): boolean {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  for (const m of text.matchAll(/\\frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}|(?<![\d.])(\d+)\s*\/\s*(\d+)(?![\d.])/g)) {
    const a = BigInt(m[1] ?? m[3]!);
    const b = BigInt(m[2] ?? m[4]!);
    if (b !== 0n && gcd(a, b) > 1n) return true;
  }
  return false;
}
