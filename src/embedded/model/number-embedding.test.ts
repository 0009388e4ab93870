import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { NUMBER_FEATURES, numberFeatures, WIDE_NUMBER_FEATURES } from './number-embedding.js';
import { initParams, paramViews, type TransformerConfig } from './transformer.js';

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - b[i]!));

describe('numeric number features', () => {
  it('keeps the Game of 24 features, and widens Countdown features so large numbers stay apart', () => {
    expect(numberFeatures(' 13')).toHaveLength(NUMBER_FEATURES);
    expect(numberFeatures('13', 'wide')).toHaveLength(WIDE_NUMBER_FEATURES);
    expect(numberFeatures('back', 'wide')).toBeNull();
    // Game of 24's features saturate past 48: 2,500 and 5,000 differ only in their phases.
    const far = distance(numberFeatures('2500', 'wide')!, numberFeatures('5000', 'wide')!);
    expect(far).toBeGreaterThan(distance(numberFeatures('2500')!, numberFeatures('5000')!));
    expect(distance(numberFeatures('847', 'wide')!, numberFeatures('848', 'wide')!)).toBeGreaterThan(0.5);
  });

  it('starts number tokens\' output columns from their features only in the wide scale', () => {
    const config: TransformerConfig = { vocabSize: 4, dim: 8, layers: 1, heads: 2, context: 8, ffMult: 2, rope: true };
    const vocab = [' ', 'a', ' 9801', '12'];
    const game24 = paramViews(config, initParams(config, createRandom(1), vocab)).view;
    const wide = paramViews(config, initParams(config, createRandom(1), vocab, 'wide')).view;
    const column = (w: Float32Array, t: number) => Array.from({ length: 8 }, (_, j) => w[j * 4 + t]!);
    const norm = (xs: number[]) => Math.hypot(...xs);
    // A plain token's column is N(0, 0.02); a number's gets its numeric part on top.
    expect(norm(column(wide.wout, 2))).toBeGreaterThan(norm(column(game24.wout, 2)));
    expect(norm(column(wide.wout, 1))).toBeLessThan(0.2);
  });
});
