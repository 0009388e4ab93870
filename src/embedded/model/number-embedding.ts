import type { Random } from '../../core/random.js';

/**
 * Which numeric features number tokens start from. `game24`: tuned to Game of 24's small
 * numbers (values clipped at 48, logarithms relative to 24). `wide`: Countdown's range
 * (inputs 1–99, targets 10–100, intermediates up to 9,801 and beyond), so that 847 and
 * 848, or 2,500 and 5,000, still start apart.
 */
export type NumberScale = 'game24' | 'wide';

/**
 * Numeric features of a number token (`13`, ` 13`, ` 13/3`), or null for other tokens.
 * A search over arithmetic puzzles must judge states by relations between numbers (does
 * a + b, a · b or a / b reach the target?). Learnt from scratch, every number's embedding
 * has to discover these; sinusoids of the value and of its logarithm make them easy:
 * an attention score between two such embeddings is a sum of cos(ω(x ± y − c)) terms, so
 * a head can peak where x + y = 24 (value features) or x · y = 24 (log features).
 */
export function numberFeatures(token: string, scale: NumberScale = 'game24'): number[] | null {
  const m = /^ ?(\d+)(?:\/(\d+))?$/.exec(token);
  if (!m) return null;
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (den === 0) return null;
  const v = Number(m[1]) / den;
  const log = v > 0 ? Math.log(v) : 0;
  const out: number[] = [];
  if (scale === 'game24') {
    // Linear in the value and in its logarithm: averaged by attention over two numbers they
    // give (x + y) / 2 and log(x · y) / 2 directly (clipped: large numbers rarely matter).
    out.push(Math.min(v, 48) / 24, v > 0 ? Math.max(-3, Math.log(v) / Math.log(24)) : -3, v === 0 ? 1 : 0, den === 1 ? 0 : 1);
  } else {
    // Targets are at most 100; intermediates that matter are mostly below 200, but products
    // and the quotients that undo them reach 10^4, so a coarse log scale covers the rest.
    out.push(Math.min(v, 200) / 100, v > 0 ? Math.max(-3, log / Math.log(100)) : -3, v === 0 ? 1 : 0, den === 1 ? 0 : 1, Math.min(v, 10_000) / 5_000);
  }
  for (const period of VALUE_PERIODS) out.push(Math.cos((2 * Math.PI * v) / period), Math.sin((2 * Math.PI * v) / period));
  if (scale === 'wide') for (const period of WIDE_VALUE_PERIODS) out.push(Math.cos((2 * Math.PI * v) / period), Math.sin((2 * Math.PI * v) / period));
  for (const period of LOG_PERIODS) {
    out.push(v > 0 ? Math.cos((2 * Math.PI * log) / period) : 0, v > 0 ? Math.sin((2 * Math.PI * log) / period) : 0);
  }
  return out;
}

const VALUE_PERIODS = [3, 5, 8, 13, 24, 48, 100, 200];
/** Longer periods (and 7, 11) so that numbers up to 10^4 keep distinct phases. */
const WIDE_VALUE_PERIODS = [7, 11, 500, 1_000, 3_000, 10_000];
const LOG_PERIODS = [0.5, 1, 2, 4, 8];
export const NUMBER_FEATURES = 4 + 2 * VALUE_PERIODS.length + 2 * LOG_PERIODS.length;
export const WIDE_NUMBER_FEATURES = NUMBER_FEATURES + 1 + 2 * WIDE_VALUE_PERIODS.length;

/**
 * Adds to each number token's embedding row its features through one fixed random
 * projection (features → model width), scaled so the numeric part dominates the random
 * initialisation; training refines both. With `output` (the untied output matrix, d × V),
 * number tokens' output columns start from the same features through a second projection:
 * a number seen rarely in training is then still a point the model can aim at by value,
 * rather than an untrained column.
 */
export function addNumberEmbeddings(tokEmb: Float32Array, vocab: readonly string[], dim: number, random: Random, scale: NumberScale = 'game24', output?: Float32Array): void {
  const count = scale === 'game24' ? NUMBER_FEATURES : WIDE_NUMBER_FEATURES;
  const std = 0.3 / Math.sqrt(dim);
  const projection = Array.from({ length: count }, () => Array.from({ length: dim }, () => gaussian(random) * std));
  const outProjection = output ? Array.from({ length: count }, () => Array.from({ length: dim }, () => gaussian(random) * std)) : null;
  const V = vocab.length;
  vocab.forEach((token, t) => {
    const features = numberFeatures(token, scale);
    if (!features) return;
    for (let k = 0; k < features.length; k++) {
      const row = projection[k]!;
      for (let j = 0; j < dim; j++) tokEmb[t * dim + j]! += features[k]! * row[j]!;
      if (output && outProjection) {
        const orow = outProjection[k]!;
        for (let j = 0; j < dim; j++) output[j * V + t]! += features[k]! * orow[j]!;
      }
    }
  });
}

function gaussian(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
