import { createRequire } from 'node:module';

/**
 * The computer-algebra fallback: @cortex-js/compute-engine reads LaTeX our own parser
 * does not (and simplifies symbolically). It is loaded on first use only — it costs
 * ~100 ms to start and a few ms per call, while most checks never need it.
 */
interface BoxedExpression {
  isEqual(other: BoxedExpression): boolean | undefined;
  isSame(other: BoxedExpression): boolean;
  N(): BoxedExpression;
  evaluate(): BoxedExpression;
  readonly isNumberLiteral: boolean;
  /** An exact rational number (integers included); false for decimals and irrationals. */
  readonly isRational: boolean | undefined;
  readonly isExact: boolean;
  readonly re: number;
  readonly im: number;
  readonly isValid: boolean;
  readonly freeVariables: readonly string[];
}
interface ComputeEngine {
  parse(latex: string): BoxedExpression;
}

let engine: ComputeEngine | null = null;

function getEngine(): ComputeEngine {
  if (!engine) {
    const require = createRequire(import.meta.url);
    const mod = require('@cortex-js/compute-engine') as { ComputeEngine: new () => ComputeEngine };
    engine = new mod.ComputeEngine();
  }
  return engine;
}

/** True/false when the CAS can decide that two LaTeX answers are equal, null when it cannot. */
export function casEqual(a: string, b: string): boolean | null {
  try {
    const ce = getEngine();
    const ea = ce.parse(a);
    const eb = ce.parse(b);
    if (!ea.isValid || !eb.isValid) return null;
    if (ea.isSame(eb)) return true;
    if (ea.freeVariables.length === 0 && eb.freeVariables.length === 0) {
      // Exact values compare exactly: a relative tolerance would call a 43-digit integer
      // equal to itself plus 1. Only a decimal (possibly rounded) or an irrational value
      // goes on to the numeric comparison below.
      const exact = (e: BoxedExpression) => (e.isNumberLiteral && e.isExact && e.isRational === true ? e : null);
      const xa = exact(ea.evaluate());
      const xb = exact(eb.evaluate());
      if (xa && xb) return xa.isSame(xb);
      const na = ea.N();
      const nb = eb.N();
      if (Number.isFinite(na.re) && Number.isFinite(nb.re)) {
        const scale = Math.max(Math.abs(na.re), Math.abs(nb.re), 1e-300);
        return Math.abs(na.re - nb.re) <= 1e-9 * scale && Math.abs((na.im || 0) - (nb.im || 0)) <= 1e-9 * scale;
      }
    }
    return ea.isEqual(eb) ?? null;
  } catch {
    return null;
  }
}
