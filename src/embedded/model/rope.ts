import type { TransformerConfig } from './transformer.js';

/**
 * Rotary position embeddings (RoPE) for the queries and keys: each head's vector is split
 * in pairs (j, j + dh/2) rotated by position · θ_j, so an attention score depends on how
 * far apart two tokens are, not on where they sit. The searches here read "the numbers
 * just written" at every depth of a long context; with learned absolute positions alone
 * each of 640 positions had to learn that pattern on its own, and values were not learnt.
 */
export interface RopeTables {
  /** cos and sin of position · θ_j, row-major [position][j], j < dh/2. */
  cos: Float32Array;
  sin: Float32Array;
  half: number;
}

const BASE = 10000;

export function ropeTables(config: TransformerConfig): RopeTables | null {
  if (!config.rope) return null;
  const dh = config.dim / config.heads;
  const half = Math.floor(dh / 2);
  const cos = new Float32Array(config.context * half);
  const sin = new Float32Array(config.context * half);
  for (let p = 0; p < config.context; p++) {
    for (let j = 0; j < half; j++) {
      const angle = p * Math.pow(BASE, (-2 * j) / dh);
      cos[p * half + j] = Math.cos(angle);
      sin[p * half + j] = Math.sin(angle);
    }
  }
  return { cos, sin, half };
}

/**
 * Rotates, in place, the query and key parts of `rows` rows of a qkv buffer (row stride
 * 3·d: queries, keys, values), row r being at position `positions(r)`. `inverse` applies
 * the transposed rotation: the backward pass of a rotation is its inverse.
 */
export function applyRope(qkv: Float32Array, rows: number, d: number, heads: number, tables: RopeTables, positions: (row: number) => number, inverse = false): void {
  const dh = d / heads;
  const { half, cos, sin } = tables;
  const sign = inverse ? -1 : 1;
  for (let r = 0; r < rows; r++) {
    const at = positions(r) * half;
    for (const part of [0, d]) {
      for (let h = 0; h < heads; h++) {
        const o = r * 3 * d + part + h * dh;
        for (let j = 0; j < half; j++) {
          const c = cos[at + j]!;
          const s = sign * sin[at + j]!;
          const x1 = qkv[o + j]!;
          const x2 = qkv[o + j + half]!;
          qkv[o + j] = x1 * c - x2 * s;
          qkv[o + j + half] = x1 * s + x2 * c;
        }
      }
    }
  }
}
