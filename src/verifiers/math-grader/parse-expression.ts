import type { Expr } from './expr.js';
import { parseDecimal } from './rational.js';

/**
 * A small recursive-descent parser for the LaTeX (and plain-text) expressions that math
 * answers use: numbers, letters, `\frac`, `\sqrt[n]`, powers, subscripts, implicit
 * products, functions with or without parentheses (`\sin^2 x`, `\log_2 3`), `!`,
 * `\binom`, `|x|`, `\pm`, `\sum`/`\prod`. Anything it does not know makes it throw
 * `ExpressionSyntaxError`; the caller then falls back to the computer-algebra system.
 * Input is expected to be normalised already (see `normalizeAnswer`).
 */
export class ExpressionSyntaxError extends Error {}

type Token =
  | { k: 'num'; s: string }
  | { k: 'cmd'; s: string }
  | { k: 'id'; s: string }
  | { k: 'op'; s: string };

const MAX_TOKENS = 4000;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (tokens.length > MAX_TOKENS) throw new ExpressionSyntaxError('expression too long');
    if ((ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^\d*\.?\d*(?:[eE][+-]?\d+(?![\d.]))?/.exec(text.slice(i, i + 400))!;
      let s = m[0];
      if (s.endsWith('.')) s = s.slice(0, -1);
      // Scientific notation (1.5e3) only right after digits; a lone `e` elsewhere is Euler's number.
      tokens.push({ k: 'num', s });
      i += s.length;
      continue;
    }
    if (ch === '\\') {
      const m = /^\\([a-zA-Z]+|.)/.exec(text.slice(i, i + 40));
      if (!m) throw new ExpressionSyntaxError('dangling backslash');
      tokens.push({ k: 'cmd', s: m[1]! });
      i += m[0].length;
      continue;
    }
    if (/[a-zA-Z]/.test(ch)) {
      tokens.push({ k: 'id', s: ch });
      i++;
      continue;
    }
    if ((ch === '<' || ch === '>' || ch === '!') && text[i + 1] === '=') {
      tokens.push({ k: 'op', s: ch + '=' });
      i += 2;
      continue;
    }
    tokens.push({ k: 'op', s: ch });
    i++;
  }
  return tokens;
}

const FUNCTIONS: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsec: 'asec', arccsc: 'acsc', arccot: 'acot',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', ln: 'ln', log: 'log', lg: 'log10', exp: 'exp',
  det: 'det', gcd: 'gcd', lcm: 'lcm', max: 'max', min: 'min',
};
const INVERSE: Record<string, string> = { sin: 'asin', cos: 'acos', tan: 'atan', sec: 'asec', csc: 'acsc', cot: 'acot' };
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);
/** Letters read as function names when followed by `(`: `f(x)`, `P(2)`, `W(n)`. */
const FUNCTION_LETTERS = /^[fghFGHPQW]$/;
/** Commands that produce nothing (spacing, styling) and are skipped. */
const SKIP = new Set(['left', 'right', 'displaystyle', 'textstyle', ',', ';', ':', '!', ' ', 'quad', 'qquad', 'limits', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'degree', '%', '$']);

export function parseExpression(text: string): Expr {
  const parser = new Parser(tokenize(text));
  const e = parser.expression(new Set());
  if (!parser.done()) throw new ExpressionSyntaxError(`unexpected '${parser.peekText()}'`);
  return e;
}

class Parser {
  private pos = 0;
  private depth = 0;
  /** Inside the argument of a trigonometric function, `30^\circ` means 30·π/180. */
  private trigDepth = 0;
  constructor(private readonly tokens: Token[]) {
    this.tokens = tokens.filter((t) => !(t.k === 'cmd' && SKIP.has(t.s)));
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }
  peekText(): string {
    const t = this.tokens[this.pos];
    return t ? (t.k === 'cmd' ? '\\' + t.s : t.s) : 'end';
  }
  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private isOp(s: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.k === 'op' && t.s === s;
  }
  private isCmd(s: string): boolean {
    const t = this.peek();
    return t !== undefined && t.k === 'cmd' && t.s === s;
  }
  private expect(s: string): void {
    // A closing brace missing at the very end (`\frac{5055}{2^{15}`) is forgiven.
    if (s === '}' && this.done()) return;
    if (!this.isOp(s)) throw new ExpressionSyntaxError(`expected '${s}' but found '${this.peekText()}'`);
    this.pos++;
  }

  expression(stop: ReadonlySet<string>): Expr {
    if (++this.depth > 200) throw new ExpressionSyntaxError('nesting too deep');
    const terms: Expr[] = [];
    let first = true;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.k === 'op' && (t.s === '+' || t.s === '-')) {
        this.pos++;
        const term = this.product(stop);
        terms.push(t.s === '-' ? { t: 'neg', a: term } : term);
      } else if (t.k === 'cmd' && (t.s === 'pm' || t.s === 'mp')) {
        this.pos++;
        const term = this.product(stop);
        const a: Expr | null = terms.length === 0 ? null : terms.length === 1 ? terms[0]! : { t: 'add', args: terms.splice(0) };
        terms.length = 0;
        terms.push({ t: 'pm', a, b: term, minusFirst: t.s === 'mp' });
      } else if (first) {
        terms.push(this.product(stop));
      } else break;
      first = false;
    }
    this.depth--;
    if (terms.length === 0) throw new ExpressionSyntaxError(`expected an expression at '${this.peekText()}'`);
    return terms.length === 1 ? terms[0]! : { t: 'add', args: terms };
  }

  private product(stop: ReadonlySet<string>): Expr {
    const factors: Expr[] = [this.unary(stop)];
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.k === 'op' && (t.s === '*' || t.s === '/')) {
        this.pos++;
        const f = this.unary(stop);
        factors.push(t.s === '/' ? { t: 'div', a: { t: 'num', v: { n: 1n, d: 1n }, decimal: false }, b: f } : f);
      } else if (t.k === 'cmd' && (t.s === 'cdot' || t.s === 'times' || t.s === 'ast')) {
        this.pos++;
        factors.push(this.unary(stop));
      } else if (t.k === 'cmd' && t.s === 'div') {
        this.pos++;
        factors.push({ t: 'div', a: { t: 'num', v: { n: 1n, d: 1n }, decimal: false }, b: this.unary(stop) });
      } else if (this.startsPrimary(stop)) {
        // Implicit product; a mixed number `1\frac{1}{4}` means 1 + 1/4.
        const prev = factors[factors.length - 1]!;
        const next = this.postfix(stop);
        if (factors.length === 1 && isInteger(prev) && isSimpleFraction(next)) {
          factors[0] = { t: 'add', args: [prev, next] };
        } else factors.push(next);
      } else break;
    }
    return factors.length === 1 ? factors[0]! : { t: 'mul', args: factors };
  }

  private startsPrimary(stop: ReadonlySet<string>): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.k === 'num' || t.k === 'id') return true;
    if (t.k === 'op') return (t.s === '(' || t.s === '[' || t.s === '{' || (t.s === '|' && !stop.has('|'))) && !stop.has(t.s);
    return !['pm', 'mp', 'cdot', 'times', 'div', 'le', 'ge', 'ne', 'lt', 'gt', 'in', 'cup', 'cap', 'to', 'rfloor', 'rceil', 'end', 'rangle', 'mid'].includes(t.s) && !stop.has('\\' + t.s);
  }

  private unary(stop: ReadonlySet<string>): Expr {
    if (this.isOp('-')) {
      this.pos++;
      return { t: 'neg', a: this.unary(stop) };
    }
    if (this.isOp('+')) {
      this.pos++;
      return this.unary(stop);
    }
    return this.postfix(stop);
  }

  private postfix(stop: ReadonlySet<string>): Expr {
    let base = this.primary(stop);
    for (;;) {
      if (this.isOp('^')) {
        this.pos++;
        if (this.isCmd('circ')) {
          this.pos++;
          if (this.trigDepth > 0) base = { t: 'mul', args: [base, { t: 'div', a: { t: 'const', name: 'pi' }, b: num('180') }] };
          continue;
        }
        base = { t: 'pow', a: base, b: this.argument() };
      } else if (this.isOp('!')) {
        this.pos++;
        base = { t: 'call', name: 'fact', args: [base] };
      } else if (this.isOp("'")) {
        this.pos++;
        if (base.t === 'sym') base = { t: 'sym', name: base.name + "'" };
        else if (base.t === 'call') base = { ...base, name: base.name + "'" };
        else throw new ExpressionSyntaxError("unexpected '");
      } else if (this.isOp('_')) {
        this.pos++;
        base = this.subscript(base);
      } else break;
    }
    return base;
  }

  private subscript(base: Expr): Expr {
    const start = this.pos;
    const sub = this.argument();
    const raw = this.tokens.slice(start, this.pos).map(tokenText).join('').replace(/^\{|\}$/g, '');
    if (base.t === 'num' && !base.decimal) return { t: 'sym', name: `${tokenTextNum(base)}_${raw}` };
    if (base.t === 'sym') {
      if (sub.t === 'num' || sub.t === 'sym') return { t: 'sym', name: `${base.name}_${raw}` };
      return { t: 'call', name: `${base.name}_`, args: [sub] };
    }
    throw new ExpressionSyntaxError('unsupported subscript');
  }

  /** One argument of `\frac`, `^`, `_`: a `{group}`, or a single character or command. */
  private argument(): Expr {
    const t = this.peek();
    if (!t) throw new ExpressionSyntaxError('missing argument');
    if (t.k === 'op' && t.s === '{') {
      this.pos++;
      const e = this.expression(new Set(['}']));
      this.expect('}');
      return e;
    }
    if (t.k === 'num') {
      // `\frac34` and `x^23`: a bare argument is a single digit.
      this.pos++;
      if (t.s.length > 1 && !t.s.includes('.')) {
        this.tokens.splice(this.pos, 0, { k: 'num', s: t.s.slice(1) });
        return num(t.s[0]!);
      }
      return num(t.s);
    }
    if (t.k === 'op' && t.s === '-') {
      this.pos++;
      return { t: 'neg', a: this.argument() };
    }
    return this.primary(new Set());
  }

  private group(open: string, close: string): Expr {
    this.expect(open);
    const e = this.expression(new Set([close]));
    this.expect(close);
    return e;
  }

  private primary(stop: ReadonlySet<string>): Expr {
    const t = this.peek();
    if (!t) throw new ExpressionSyntaxError('unexpected end');
    if (t.k === 'num') {
      this.pos++;
      return num(t.s);
    }
    if (t.k === 'id') {
      this.pos++;
      if (FUNCTION_LETTERS.test(t.s) && this.isOp('(')) return { t: 'call', name: t.s, args: this.callArgs() };
      if (t.s === 'i') return { t: 'const', name: 'i' };
      if (t.s === 'e') return { t: 'const', name: 'e' };
      return { t: 'sym', name: t.s };
    }
    if (t.k === 'op') {
      if (t.s === '(') return this.group('(', ')');
      if (t.s === '[') return this.group('[', ']');
      if (t.s === '{') return this.group('{', '}');
      if (t.s === '|') {
        this.pos++;
        const e = this.expression(new Set(['|']));
        this.expect('|');
        return { t: 'call', name: 'abs', args: [e] };
      }
      throw new ExpressionSyntaxError(`unexpected '${t.s}'`);
    }
    return this.command(t.s);
  }

  private callArgs(): Expr[] {
    this.expect('(');
    const args = [this.expression(new Set([')', ',']))];
    while (this.isOp(',')) {
      this.pos++;
      args.push(this.expression(new Set([')', ','])));
    }
    this.expect(')');
    return args;
  }

  private command(name: string): Expr {
    this.pos++;
    switch (name) {
      case 'frac': {
        const a = this.argument();
        const b = this.argument();
        return { t: 'div', a, b };
      }
      case 'binom':
        return { t: 'call', name: 'binom', args: [this.argument(), this.argument()] };
      case 'sqrt': {
        if (this.isOp('[')) {
          const n = this.group('[', ']');
          return { t: 'call', name: 'root', args: [this.argument(), n] };
        }
        return { t: 'call', name: 'sqrt', args: [this.argument()] };
      }
      case 'pi':
        return { t: 'const', name: 'pi' };
      case 'infty':
      case 'infinity':
        return { t: 'const', name: 'inf' };
      case 'lfloor':
      case 'lceil': {
        const close = name === 'lfloor' ? 'rfloor' : 'rceil';
        const e = this.expression(new Set(['\\' + close]));
        if (!this.isCmd(close)) throw new ExpressionSyntaxError(`missing \\${close}`);
        this.pos++;
        return { t: 'call', name: name === 'lfloor' ? 'floor' : 'ceil', args: [e] };
      }
      case 'vert':
      case 'lvert': {
        const e = this.expression(new Set(['\\vert', '\\rvert']));
        this.pos++;
        return { t: 'call', name: 'abs', args: [e] };
      }
      case 'sum':
      case 'prod':
        return this.bigOperator(name);
      case 'operatorname': {
        const t = this.peek();
        if (!t || t.k !== 'op' || t.s !== '{') throw new ExpressionSyntaxError('bad \\operatorname');
        let text = '';
        this.pos++;
        while (this.peek() && !this.isOp('}')) text += tokenText(this.tokens[this.pos++]!);
        this.expect('}');
        return this.functionCall(FUNCTIONS[text] ?? text, text);
      }
      default:
        break;
    }
    if (name === 'overline' || name === 'triangle' || name === 'angle' || name === 'overarc' || name === 'widehat') {
      // Geometric names: \overline{CD}, \triangle ABC, \angle B are symbols.
      let label = '';
      if (this.isOp('{')) {
        this.pos++;
        while (this.peek() && !this.isOp('}')) label += tokenText(this.tokens[this.pos++]!);
        this.expect('}');
      } else while (this.peek()?.k === 'id') label += this.tokens[this.pos++]!.s;
      return { t: 'sym', name: `\\${name}{${label}}` };
    }
    if (name in FUNCTIONS) return this.functionCall(FUNCTIONS[name]!, name);
    if (GREEK.has(name)) return { t: 'sym', name: '\\' + name };
    throw new ExpressionSyntaxError(`unknown command \\${name}`);
  }

  /** `\sin x`, `\sin(x)`, `\sin^2 x`, `\sin^{-1} x`, `\log_2 8`, `\log_{b}(x)`. */
  private functionCall(fn: string, latexName: string): Expr {
    let power: Expr | null = null;
    let base: Expr | null = null;
    for (;;) {
      if (this.isOp('^')) {
        this.pos++;
        power = this.argument();
      } else if (this.isOp('_')) {
        this.pos++;
        base = this.argument();
      } else break;
    }
    if (power && isMinusOne(power) && INVERSE[latexName]) {
      fn = INVERSE[latexName]!;
      power = null;
    }
    const trig = /^(?:sin|cos|tan|sec|csc|cot)$/.test(fn);
    if (trig) this.trigDepth++;
    try {
      return this.functionArgument(fn, power, base);
    } finally {
      if (trig) this.trigDepth--;
    }
  }

  private functionArgument(fn: string, power: Expr | null, base: Expr | null): Expr {
    let arg: Expr;
    if (this.isOp('(')) {
      const args = this.callArgs();
      if (args.length > 1) return wrapPower({ t: 'call', name: fn, args }, power);
      arg = args[0]!;
    } else {
      // Without parentheses the argument runs over the implicit product that follows,
      // up to the next function: `\sin 2x \cos y` is sin(2x)·cos(y).
      const factors = [this.postfix(new Set())];
      while (this.peek() && (this.peek()!.k === 'num' || this.peek()!.k === 'id' || (this.peek()!.k === 'cmd' && (GREEK.has(this.peek()!.s) || this.peek()!.s === 'pi')))) {
        factors.push(this.postfix(new Set()));
      }
      arg = factors.length === 1 ? factors[0]! : { t: 'mul', args: factors };
    }
    const call: Expr = base ? { t: 'call', name: 'logb', args: [arg, base] } : { t: 'call', name: fn, args: [arg] };
    return wrapPower(call, power);
  }

  private bigOperator(kind: 'sum' | 'prod'): Expr {
    let v = '';
    let lo: Expr | null = null;
    let hi: Expr | null = null;
    for (;;) {
      if (this.isOp('_')) {
        this.pos++;
        this.expect('{');
        const t = this.peek();
        if (!t || t.k !== 'id' || !this.isOp('=', 1)) throw new ExpressionSyntaxError('unsupported sum bounds');
        v = t.s;
        this.pos += 2;
        lo = this.expression(new Set(['}']));
        this.expect('}');
      } else if (this.isOp('^')) {
        this.pos++;
        hi = this.argument();
      } else break;
    }
    if (!lo || !hi) throw new ExpressionSyntaxError(`\\${kind} needs bounds`);
    const body = this.product(new Set(['+', '-']));
    return { t: kind, v, lo, hi, body };
  }
}

function wrapPower(e: Expr, power: Expr | null): Expr {
  return power ? { t: 'pow', a: e, b: power } : e;
}

function isMinusOne(e: Expr): boolean {
  return e.t === 'neg' && e.a.t === 'num' && e.a.v.n === 1n && e.a.v.d === 1n;
}

function isInteger(e: Expr): boolean {
  return e.t === 'num' && !e.decimal && e.v.d === 1n;
}

function isSimpleFraction(e: Expr): boolean {
  return e.t === 'div' && isInteger(e.a) && isInteger(e.b);
}

function num(s: string): Expr {
  const v = parseDecimal(s);
  if (!v) throw new ExpressionSyntaxError(`bad number '${s}'`);
  return { t: 'num', v, decimal: s.includes('.') };
}

function tokenTextNum(e: Expr & { t: 'num' }): string {
  return e.v.n.toString();
}

function tokenText(t: Token): string {
  return t.k === 'cmd' ? '\\' + t.s : t.s;
}
