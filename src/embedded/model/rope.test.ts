import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { applyRope, ropeTables } from './rope.js';
import type { TransformerConfig } from './transformer.js';

const config: TransformerConfig = { vocabSize: 4, dim: 8, layers: 1, heads: 2, context: 16, ffMult: 2, rope: true };

function randomRows(rows: number): Float32Array {
  const r = createRandom('rope');
  return Float32Array.from({ length: rows * 3 * config.dim }, () => r.next() * 2 - 1);
}

describe('rotary position embeddings', () => {
  it('are off unless the config asks for them', () => {
    expect(ropeTables({ ...config, rope: false })).toBeNull();
    expect(ropeTables({ ...config, rope: undefined })).toBeNull();
  });

  it('rotate queries and keys only, and the inverse undoes them', () => {
    const tables = ropeTables(config)!;
    const qkv = randomRows(5);
    const before = qkv.slice();
    applyRope(qkv, 5, config.dim, config.heads, tables, (r) => r + 3);
    // Values (the last third of each row) are untouched; queries and keys moved, norms kept.
    for (let r = 0; r < 5; r++) {
      const o = r * 3 * config.dim;
      expect(Array.from(qkv.subarray(o + 2 * config.dim, o + 3 * config.dim))).toEqual(Array.from(before.subarray(o + 2 * config.dim, o + 3 * config.dim)));
      const norm = (a: Float32Array) => Math.hypot(...a.subarray(o, o + 2 * config.dim));
      expect(norm(qkv)).toBeCloseTo(norm(before), 5);
    }
    expect(Array.from(qkv)).not.toEqual(Array.from(before));
    applyRope(qkv, 5, config.dim, config.heads, tables, (r) => r + 3, true);
    qkv.forEach((v, i) => expect(v).toBeCloseTo(before[i]!, 5));
  });

  it('make a query-key score depend on the distance between positions, not on where they are', () => {
    const tables = ropeTables(config)!;
    const dh = config.dim / config.heads;
    const score = (qPos: number, kPos: number) => {
      const q = randomRows(1);
      const k = randomRows(1);
      applyRope(q, 1, config.dim, config.heads, tables, () => qPos);
      applyRope(k, 1, config.dim, config.heads, tables, () => kPos);
      let dot = 0;
      for (let j = 0; j < dh; j++) dot += q[j]! * k[config.dim + j]!;
      return dot;
    };
    expect(score(7, 4)).toBeCloseTo(score(12, 9), 5);
    expect(score(7, 4)).not.toBeCloseTo(score(7, 6), 3);
  });
});
