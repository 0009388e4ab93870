import type { EvalProgress } from './run-eval.js';

export interface Pricing {
  /** US dollars per million input (prompt) tokens. */
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Dollars spent on the given tokens at `pricing`. */
export function costOf(tokensIn: number, tokensOut: number, pricing: Pricing): number {
  return (tokensIn * pricing.inputPerMTok + tokensOut * pricing.outputPerMTok) / 1e6;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

/**
 * The running figures a progress display shows after the count and ETA: accuracy so
 * far, generated-token rate, and, with prices, spend and spend rate. Rates count only
 * this process's work (resumed records took no time now).
 */
export function progressStats(p: EvalProgress, pricing: Pricing | null): string {
  const parts = [`acc ${p.done === 0 ? '-' : (p.correct / p.done).toFixed(3)}`];
  const seconds = p.elapsedMs / 1000;
  const tokens = p.tokensIn + p.tokensOut;
  parts.push(`${compact(tokens)} tok${seconds > 0 ? ` (${compact(p.tokensOut / seconds)} out/s)` : ''}`);
  if (pricing) {
    const cost = costOf(p.tokensIn, p.tokensOut, pricing);
    parts.push(`$${cost.toFixed(2)}${seconds > 0 ? ` ($${((cost / seconds) * 3600).toFixed(2)}/h)` : ''}`);
  }
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  return parts.join(' | ');
}
