import type { Random } from '../../core/random.js';

/**
 * Numeric features of a number token (`13`, ` 13`, ` 13/3`), or null for other tokens.
 * A search over arithmetic puzzles must judge states by relations between numbers (does
 * a + b, a · b or a / b reach the target?). Learnt from scratch, every number's embedding
 * has to discover these; sinusoids of the value and of its logarithm make them easy:
 * an attention score between two such embeddings is a sum of cos(ω(x ± y − c)) terms, so
 * a head can peak where x + y = 24 (value features) or x · y = 24 (log features).
 */
export function numberFeatures(token: string): number[] | null {
  const m = /^ ?(\d+)(?:\/(\d+))?$/.exec(token);
  if (!m) return null;
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (den === 0) return null;
  const v = Number(m[1]) / den;
  // Linear in the value and in its logarithm: averaged by attention over two numbers they
  // give (x + y) / 2 and log(x · y) / 2 directly (clipped: large numbers rarely matter).
  const out = [Math.min(v, 48) / 24, v > 0 ? Math.max(-3, Math.log(v) / Math.log(24)) : -3, v === 0 ? 1 : 0, den === 1 ? 0 : 1];
  for (const period of VALUE_PERIODS) out.push(Math.cos((2 * Math.PI * v) / period), Math.sin((2 * Math.PI * v) / period));
  const log = v > 0 ? Math.log(v) : 0;
  for (const period of LOG_PERIODS) {
    out.push(v > 0 ? Math.cos((2 * Math.PI * log) / period) : 0, v > 0 ? Math.sin((2 * Math.PI * log) / period) : 0);
  }
  return out;
}

const VALUE_PERIODS = [3, 5, 8, 13, 24, 48, 100, 200];
const LOG_PERIODS = [0.5, 1, 2, 4, 8];
export const NUMBER_FEATURES = 4 + 2 * VALUE_PERIODS.length + 2 * LOG_PERIODS.length;

/**
 * Adds to each number token's embedding row its features through one fixed random
 * projection (features → model width), scaled so the numeric part dominates the random
 * initialisation; training refines both.
 */
export function addNumberEmbeddings(tokEmb: Float32Array, vocab: readonly string[], dim: number, random: Random): void {
  const scale = 0.3 / Math.sqrt(dim);
  const projection = Array.from({ length: NUMBER_FEATURES }, () => Array.from({ length: dim }, () => gaussian(random) * scale));
  vocab.forEach((token, t) => {
    const features = numberFeatures(token);
    if (!features) return;
    for (let k = 0; k < features.length; k++) {
      const row = projection[k]!;
      for (let j = 0; j < dim; j++) tokEmb[t * dim + j]! += features[k]! * row[j]!;
    }
  });
}

function gaussian(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
