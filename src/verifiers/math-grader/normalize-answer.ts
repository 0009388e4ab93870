/**
 * String-level clean-up of one answer before it is parsed: math delimiters, control
 * characters from unescaped Python strings, doubled backslashes, Unicode, fraction and
 * spacing macros, text wrappers, relation spellings, thousands separators, repeating
 * decimals. What the answer *means* (units, percent, lists) is decided later.
 */

import { matchingBrace } from '../../tasks/math/extract-answer.js';

const UNICODE: Array<[RegExp, string]> = [
  [/π/g, '\\pi '], [/∞/g, '\\infty '], [/≤|⩽/g, ' \\le '], [/≥|⩾/g, ' \\ge '], [/≠/g, ' \\ne '],
  [/√/g, '\\sqrt'], [/×/g, ' \\times '], [/[·⋅]/g, ' \\cdot '], [/[−–—]/g, '-'], [/±/g, ' \\pm '],
  [/∓/g, ' \\mp '], [/∪/g, ' \\cup '], [/∩/g, ' \\cap '], [/∈/g, ' \\in '], [/ℝ/g, '\\mathbb{R}'],
  [/[∅Ø]/g, '\\emptyset '], [/°/g, '^\\circ '], [/²/g, '^2'], [/³/g, '^3'], [/¹/g, '^1'], [/÷/g, ' \\div '],
  [/≈/g, ' \\approx '], [/€/g, ' \\euro '], [/£/g, ' \\pound '], [/\u00a0/g, ' '], [/[“”]/g, '"'], [/[‘’]/g, "'"],
];

const TEXT_MACROS = /\\(?:text|textbf|textsc|textup|textmd|textit|textrm|textnormal|textsf|texttt|mathrm|mathbf|mathit|mathsf|mathtt|mbox|hbox|boldsymbol|bm|emph|operatorname\*?)\s*\{/g;

export function normalizeAnswer(input: string): string {
  let s = input;
  // Non-raw Python strings turn `\f`, `\b`, `\v`, `\t` into control characters.
  s = s.replace(/\f/g, '\\f').replace(/\x08/g, '\\b').replace(/\v/g, '\\v').replace(/\t(?=[a-z]{2})/g, '\\t');
  s = s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ');
  // `\\frac` written with a doubled backslash (escaped twice) means `\frac`.
  s = s.replace(/(?<!\\)\\\\(?=[a-zA-Z])/g, '\\');
  // A remaining `\\` is a matrix row break; give it a name the later rules leave alone.
  s = s.replace(/\\\\/g, ' \\cr ');
  // Full-width forms (２, （, ＋, from CJK input methods) are their ASCII characters.
  s = s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
  for (const [re, to] of UNICODE) s = s.replace(re, to);
  s = s.replace(/\\\$|\\textdollar(?![a-zA-Z])/g, ' \\dollar ');
  s = s.replace(/\$/g, ' ');
  s = s.replace(/\\[[\]()]/g, ' ');
  s = unwrapBoxed(s);
  s = unwrapMacros(s, TEXT_MACROS);
  s = s.replace(/\\(?:[dtc]frac)(?![a-zA-Z])/g, '\\frac').replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom');
  // TeX's `{n \choose k}` is `\binom{n}{k}`.
  s = s.replace(/\{([^{}]*?)\\choose(?![a-zA-Z])([^{}]*)\}/g, (_m, n: string, k: string) => `\\binom{${n.trim()}}{${k.trim()}}`);
  // Explicit thousands separators: 10{,}000 and 1,\!000 (before the spacing macros go).
  s = s.replace(/(\d)\s*\{\s*,\s*\}\s*(?=\d{3})/g, '$1').replace(/(\d),\\!\s*(?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])\s*([.]?)/g, (_m, dot: string) => (dot ? ' ' : ''));
  s = s.replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)(?![a-zA-Z])/g, '');
  s = s.replace(/\\[hv]space\*?\s*\{[^{}]*\}|\\(?:hfill|vfill|noindent|newline)(?![a-zA-Z])/g, ' ');
  s = s.replace(/\\(?:qquad|quad)|\\(?:enspace|thinspace|medspace|thickspace)(?![a-zA-Z])/g, ' ');
  s = s.replace(/\\[,;:! ]/g, ' ').replace(/~/g, ' ');
  s = s.replace(/\\(?:leqslant|leq|le)(?![a-zA-Z])|<=/g, ' \\le ');
  s = s.replace(/\\(?:geqslant|geq|ge)(?![a-zA-Z])|>=/g, ' \\ge ');
  s = s.replace(/\\(?:neq|ne)(?![a-zA-Z])|!=|=\/=/g, ' \\ne ');
  s = s.replace(/\\lt(?![a-zA-Z])/g, ' < ').replace(/\\gt(?![a-zA-Z])/g, ' > ');
  s = s.replace(/\\(?:approx|simeq|doteq|thickapprox)(?![a-zA-Z])/g, ' \\approx ');
  // Congruences: `N \equiv 672 \pmod{1000}` states the residue 672.
  s = s.replace(/\\[pb]mod\s*\{[^{}]*\}|\(\s*(?:\\bmod|\\mod|mod)\s*[^()]*\)|\\pmod\s*\d+/g, ' ').replace(/\\equiv(?![a-zA-Z])/g, ' = ');
  s = s.replace(/\{\s*([-+])\s*\}/g, '$1');
  s = s.replace(/\\(?:mathbb|mathbf|Bbb)\s*\{?\s*R\s*\}?|\\R(?![a-zA-Z])/g, '\\reals ');
  s = s.replace(/\\(?:varnothing|emptyset|empty)(?![a-zA-Z])/g, '\\emptyset ');
  s = s.replace(/\\(?:infty|infinity)(?![a-zA-Z])/g, '\\infty ');
  s = s.replace(/\\dots|\\ldots|\\cdots/g, '\\dots ');
  s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree/g, '^\\circ ');
  s = s.replace(/\\%|%/g, ' \\% ');
  s = s.replace(/\\(?:mathrm|rm)\s*e(?![a-zA-Z])/g, 'e');
  s = repeatingDecimals(s);
  s = s.replace(/\s+/g, ' ').trim();
  // Trailing punctuation, except the dots of abbreviations like `p.m.`.
  if (!/(?:^|\s)(?:[a-z]\.){2,}$/i.test(s)) s = s.replace(/(?:\s*[.,;:])+$/, '');
  return s.trim();
}

/** Replaces `\boxed{X}` and `\fbox{X}` by X (extraction has already picked the box). */
function unwrapBoxed(s: string): string {
  return unwrapMacros(s, /\\(?:boxed|fbox)\s*\{/g);
}

/** Replaces `\macro{X}` by ` X ` for every match of `opener` (which ends at the `{`). */
function unwrapMacros(s: string, opener: RegExp): string {
  for (let guard = 0; guard < 200; guard++) {
    opener.lastIndex = 0;
    const m = opener.exec(s);
    if (!m) return s;
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(s, open);
    const inner = close < 0 ? s.slice(open + 1) : s.slice(open + 1, close);
    s = s.slice(0, m.index) + ' ' + inner + ' ' + (close < 0 ? '' : s.slice(close + 1));
  }
  return s;
}


/** `0.\overline{3}` and `0.1\overline{6}` as exact fractions. */
function repeatingDecimals(s: string): string {
  return s.replace(/(\d*)\.(\d*)\\overline\s*\{(\d+)\}/g, (_m, whole: string, fixed: string, rep: string) => {
    const a = BigInt((whole || '0') + fixed + rep) - BigInt((whole || '0') + fixed);
    const d = (10n ** BigInt(rep.length) - 1n) * 10n ** BigInt(fixed.length);
    return `\\frac{${a}}{${d}}`;
  });
}
