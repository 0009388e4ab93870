import type { Expr } from './expr.js';
import { hasPm, resolvePm } from './expr.js';
import { normalizeAnswer } from './normalize-answer.js';
import { ExpressionSyntaxError, parseExpression } from './parse-expression.js';

/**
 * The meaning of one answer: a value (expression, list, set, tuple or interval, union,
 * relation, matrix, ratio, text) plus what was stripped from around it (percent,
 * degrees, currency, a unit). Built by `parseAnswer` from a normalised string.
 */
export type Value =
  | { k: 'expr'; e: Expr }
  | { k: 'text'; s: string }
  /** LaTeX the expression parser could not read; compared by the CAS or as text. */
  | { k: 'latex'; s: string }
  | { k: 'list'; items: Value[] }
  /** `bare`: written `{a, b}`, braces LaTeX shows as nothing (grouping), not `\{a, b\}`. */
  | { k: 'set'; items: Value[]; bare?: true }
  | { k: 'tuple'; open: string; close: string; items: Value[] }
  | { k: 'union'; items: Value[] }
  | { k: 'rel'; parts: Value[]; ops: string[] }
  | { k: 'matrix'; rows: Value[][] }
  | { k: 'ratio'; items: Value[] };

export interface ParsedAnswer {
  value: Value;
  /** The normalised text (after stripping decorations): identical texts are equal. */
  text: string;
  percent: boolean;
  degrees: boolean;
  unit: string | null;
}

export interface ParseAnswerOptions {
  decimalComma: boolean;
}

const REL_OPS: Array<[RegExp, string]> = [
  [/^\\le(?![a-zA-Z])/, 'le'], [/^\\ge(?![a-zA-Z])/, 'ge'], [/^\\ne(?![a-zA-Z])/, 'ne'],
  [/^\\in(?![a-zA-Z])/, 'in'], [/^\\approx(?![a-zA-Z])/, '~'], [/^\\notin(?![a-zA-Z])/, 'notin'], [/^=/, '='], [/^</, '<'], [/^>/, '>'],
  [/^\\(?:Rightarrow|implies|to|rightarrow)(?![a-zA-Z])/, '=>'],
];
const FUNCTION_WORDS = /^(?:sin|cos|tan|sec|csc|cot|log|ln|exp|arcsin|arccos|arctan|sinh|cosh|tanh|det|gcd|lcm|max|min|mod|pmod|bmod)$/i;
const UNIT_WORDS = /^(?:[a-z]{2,}|m|g|s|l|h|k)$/i;
const MAX_LENGTH = 20_000;

export function parseAnswer(raw: string, options: ParseAnswerOptions): ParsedAnswer {
  if (raw.length > MAX_LENGTH) throw new ExpressionSyntaxError(`answer longer than ${MAX_LENGTH} characters`);
  let s = normalizeAnswer(raw);
  let percent = false;
  let degrees = false;
  let unit: string | null = null;
  for (let changed = true, guard = 0; changed && guard < 6; guard++) {
    changed = false;
    const p = s.replace(/\s*(?:\\%|\bpercent(?:age)?\b|\bpct\b)\s*$/i, '');
    if (p !== s) [s, percent, changed] = [p, true, true];
    const d = s.replace(/\s*(?:\^\\circ|\bdegrees?\b|\bdeg\b)\s*$/i, '');
    // `\sin 30^\circ` keeps its degrees: they belong to the sine's argument.
    if (d !== s && !/\\circ|\\(?:sin|cos|tan|sec|csc|cot)(?![a-zA-Z])/.test(d)) [s, degrees, changed] = [d, true, true];
    const c = s.replace(/^(?:\\dollar|\\euro|\\pound|USD)\s*|\s*(?:\\dollar|\\euro|\\pound)$/g, '');
    if (c !== s) [s, changed] = [c, true];
    const u = splitUnit(s);
    if (u) {
      [s, changed] = [u.value, true];
      unit = unit ?? u.unit;
    }
  }
  s = numberFormats(s.trim(), options);
  return { value: parseValue(s, 0), text: s, percent, degrees, unit };
}

/** A trailing unit: `5 cm^2`, `125 miles`, `100 square units`, `0.06 yuan`. */
function splitUnit(s: string): { value: string; unit: string } | null {
  const inches = /^(.*[\d}])\s*(?:''|")$/.exec(s);
  if (inches) return { value: inches[1]!.trim(), unit: 'inch' };
  const m = /^(.*?[\d}).])\s*((?:[a-zA-Z]+\.?\s*)+)(?:\^\s*\{?\s*([23])\s*\}?)?$/.exec(s);
  if (!m) return null;
  const words = m[2]!.trim().split(/[\s.]+/).filter(Boolean);
  if (words.length === 0 || words.some((w) => !UNIT_WORDS.test(w) || FUNCTION_WORDS.test(w) || /^(?:and|or|i|e)$/i.test(w))) return null;
  // A lone single letter right after a digit is a variable (2x), not a unit.
  if (words.length === 1 && words[0]!.length === 1 && !/\s/.test(s.slice(m[1]!.length, m[1]!.length + 1))) return null;
  if (/\\[a-zA-Z]*$/.test(m[1]!)) return null;
  // `\sum_{k=1}^{10} k^2`: the letters after a big operator's bounds are its body, not a unit.
  if (/\\(?:sum|prod|int|oint|lim|bigcup|bigcap)(?![a-zA-Z])/.test(m[1]!)) return null;
  const unit = words.map((w) => w.toLowerCase().replace(/^inches$/, 'inch').replace(/(?:es|s)$/, '')).join(' ') + (m[3] ? `^${m[3]}` : '');
  return { value: m[1]!.trim(), unit };
}

function numberFormats(s: string, options: ParseAnswerOptions): string {
  if (/^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(s)) return s.replace(/,/g, '');
  if (/^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) return s.replace(/ /g, '');
  if (options.decimalComma && /^[-+]?\d+,\d+$/.test(s)) return s.replace(',', '.');
  return s;
}

/** Splits at top-level occurrences of `sep` (outside all brackets). */
export function splitTopLevel(s: string, isSep: (s: string, i: number) => number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') {
      if (s.startsWith('\\{', i) || s.startsWith('\\langle', i)) depth++;
      else if (s.startsWith('\\}', i) || s.startsWith('\\rangle', i)) depth--;
      else if (s.startsWith('\\begin', i)) depth++;
      else if (s.startsWith('\\end', i)) depth--;
      if (depth === 0) {
        const len = isSep(s, i);
        if (len > 0) {
          parts.push(s.slice(start, i));
          start = i + len;
          i += len - 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0) {
      const len = isSep(s, i);
      if (len > 0) {
        parts.push(s.slice(start, i));
        start = i + len;
        i += len - 1;
      }
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}

const charSep = (c: string) => (s: string, i: number) => (s[i] === c ? 1 : 0);
function wordSep(s: string, i: number): number {
  const m = /^(?:\s+(?:and|or)\s+|,\s*(?:and|or)\s+)/.exec(s.slice(i, i + 8));
  if (m) return m[0].length;
  // `(11,7)or(7,11)`, `W(x)=1orW(x)=-1`: `or` glued between a closing token and a new one.
  if (/^or(?=[(\\A-Z\d-])/.test(s.slice(i, i + 3)) && /[\d)}]$/.test(s.slice(0, i))) return 2;
  return 0;
}

export function parseValue(s: string, depth: number): Value {
  s = s.trim();
  if (depth > 60) throw new ExpressionSyntaxError('answer nested too deeply');
  if (s === '') throw new ExpressionSyntaxError('empty answer');
  const d = depth + 1;

  const semi = splitTopLevel(s, charSep(';')).filter((p) => p !== '');
  if (semi.length > 1) return { k: 'list', items: semi.map((p) => parseValue(p, d)) };

  const words = splitTopLevel(s, wordSep).filter((p) => p !== '');
  if (words.length > 1) return flattenList(words.map((p) => parseValue(p, d)));

  const commas = splitTopLevel(s, charSep(','));
  if (commas.length > 1) {
    if (commas.some((p) => p === '')) throw new ExpressionSyntaxError('empty list item');
    return flattenList(commas.map((p) => parseValue(p, d)));
  }

  const cups = splitTopLevel(s, (t, i) => (/^\\cup(?![a-zA-Z])/.test(t.slice(i, i + 5)) ? 4 : 0));
  if (cups.length > 1) return { k: 'union', items: cups.map((p) => parseValue(p, d)) };

  const rel = splitRelations(s);
  if (rel) {
    if (rel.ops.length === 1 && rel.ops[0] === 'in') return parseValue(rel.parts[1]!, d);
    if (rel.ops.every((o) => o === '=>')) return parseValue(rel.parts[rel.parts.length - 1]!, d);
    if (rel.parts.some((p) => p === '')) throw new ExpressionSyntaxError('relation with an empty side');
    return { k: 'rel', parts: rel.parts.map((p) => parseValue(p, d)), ops: rel.ops };
  }

  const special = specialValue(s);
  if (special) return special;

  const matrix = parseMatrix(s, d);
  if (matrix) return matrix;

  const bracketed = parseBracketed(s, d);
  if (bracketed) return bracketed;

  const ratio = splitTopLevel(s, charSep(':'));
  if (ratio.length > 1 && ratio.every((p) => p !== '')) return { k: 'ratio', items: ratio.map((p) => parseValue(p, d)) };

  if (isText(s)) return { k: 'text', s: canonicalText(s) };
  try {
    const e = parseExpression(s);
    if (hasPm(e)) return { k: 'list', items: [{ k: 'expr', e: resolvePm(e, 1) }, { k: 'expr', e: resolvePm(e, -1) }] };
    return { k: 'expr', e };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { k: 'latex', s };
    throw error;
  }
}

function flattenList(items: Value[]): Value & { k: 'list' } {
  const out: Value[] = [];
  for (const item of items) {
    if (item.k === 'list') out.push(...item.items);
    else out.push(item);
  }
  return { k: 'list', items: out };
}

function splitRelations(s: string): { parts: string[]; ops: string[] } | null {
  const ops: string[] = [];
  const parts = splitTopLevel(s, (t, i) => {
    const rest = t.slice(i, i + 12);
    for (const [re, op] of REL_OPS) {
      const m = re.exec(rest);
      if (m) {
        ops.push(op);
        return m[0].length;
      }
    }
    return 0;
  });
  return ops.length > 0 ? { parts, ops } : null;
}

function specialValue(s: string): Value | null {
  const t = s.replace(/\s+/g, ' ').trim().toLowerCase();
  const inf = { k: 'expr', e: { t: 'const', name: 'inf' } } as Value;
  const negInf = { k: 'expr', e: { t: 'neg', a: { t: 'const', name: 'inf' } } } as Value;
  if (/^\+?(?:infinity|infinite|inf|\\infty)$/.test(t)) return inf;
  if (/^-(?:infinity|inf|\\infty)$/.test(t)) return negInf;
  if (/^(?:\\reals|all real numbers|all reals|real numbers|\(-\\infty ?, ?\+?\\infty\))$/.test(t)) {
    return { k: 'tuple', open: '(', close: ')', items: [negInf, inf] };
  }
  if (/^(?:\\emptyset|\\\{ ?\\\}|\{ ?\}|no solutions?|none|empty set|no real solutions?)$/.test(t)) return { k: 'set', items: [] };
  return null;
}

const MATRIX = /^\\begin\{(pmatrix|bmatrix|Bmatrix|vmatrix|Vmatrix|matrix|smallmatrix|array)\}(\{[^}]*\})?([\s\S]*)\\end\{\1\}$/;

function parseMatrix(s: string, d: number): Value | null {
  let t = s.trim();
  // `(\begin{pmatrix}...\end{pmatrix})`, `\left[\begin{array}...\end{array}\right]`.
  const wrapped = /^[([]\s*(\\begin[\s\S]*\\end\{[a-zA-Z]+\})\s*[)\]]$/.exec(t);
  if (wrapped) t = wrapped[1]!;
  const m = MATRIX.exec(t);
  if (!m) return null;
  const rows = m[3]!
    .split(/\\\\|\\cr(?![a-zA-Z])/)
    .map((r) => r.replace(/\\hline/g, '').trim())
    .filter((r) => r !== '');
  return { k: 'matrix', rows: rows.map((r) => r.split('&').map((cell) => parseValue(cell, d))) };
}

/** `(a, b)`, `[a, b)`, `\{a, b\}`, `{a, b}`; a bracket around a single item is dropped. */
function parseBracketed(s: string, d: number): Value | null {
  const setOpen = s.startsWith('\\{') ? 2 : 0;
  if (setOpen && s.endsWith('\\}') && closesAtEnd(s)) {
    const inner = s.slice(2, -2).trim();
    if (inner === '') return { k: 'set', items: [] };
    const items = splitTopLevel(inner, charSep(','));
    if (items.some((p) => p === '')) throw new ExpressionSyntaxError('empty set item');
    return { k: 'set', items: flattenList(items.map((p) => parseValue(p, d))).items };
  }
  const open = s[0];
  const close = s[s.length - 1];
  if (!open || !close || !'([{'.includes(open) || !')]}'.includes(close) || !closesAtEnd(s)) return null;
  const inner = s.slice(1, -1).trim();
  const items = splitTopLevel(inner, (t, i) => (t[i] === ',' || (open !== '{' && t[i] === ';') ? 1 : 0));
  if (items.length === 1) {
    if (open === '{' || (open === '(' && close === ')') || (open === '[' && close === ']')) return parseValue(inner, d);
    return null;
  }
  if (items.some((p) => p === '')) throw new ExpressionSyntaxError('empty tuple item');
  const values = items.map((p) => parseValue(p, d));
  if (open === '{') return { k: 'set', items: flattenList(values).items, bare: true };
  return { k: 'tuple', open, close, items: values };
}

/** True when the bracket opening `s` is closed only by its last character. */
function closesAtEnd(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') {
      if (s[i + 1] === '{') depth++;
      else if (s[i + 1] === '}') depth--;
      i++;
      if (depth === 0 && i < s.length - 1) return false;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

/** Words (not a product of letters): `odd`, `Devon`, `The midpoints form a regular hexagon`. */
function isText(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z\s.,'-]*$/.test(s)) return false;
  const words = s.split(/[\s.,'-]+/).filter(Boolean);
  return words.some((w) => w.length >= 3 && !FUNCTION_WORDS.test(w));
}

export function canonicalText(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').replace(/[.\s]+$/, '').trim();
}
