import { describe, expect, it } from 'vitest';
import { kValues, passAtK } from './pass-at-k.js';

describe('passAtK', () => {
  it('matches hand-computed values of 1 - C(n-c,k)/C(n,k)', () => {
    expect(passAtK(5, 2, 2)).toBeCloseTo(1 - 3 / 10, 12); // C(3,2)=3, C(5,2)=10
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(10, 5, 3)).toBeCloseTo(1 - 10 / 120, 12); // C(5,3)=10, C(10,3)=120
    expect(passAtK(64, 1, 8)).toBeCloseTo(8 / 64, 12); // one correct: k/n
    expect(passAtK(100, 2, 10)).toBeCloseTo(1 - (90 * 89) / (100 * 99), 12);
  });

  it('is 0 without a correct sample, 1 when every k-subset must hold one, and caps k at n', () => {
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(4, 1, 4)).toBe(1);
    expect(passAtK(5, 3, 3)).toBe(1); // only 2 wrong samples
    expect(passAtK(3, 1, 8)).toBe(1); // k > n: all samples
    expect(passAtK(0, 0, 1)).toBe(0);
  });

  it('does not overflow at large n', () => {
    const v = passAtK(2000, 7, 100);
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(1);
    expect(Number.isFinite(v)).toBe(true);
  });

  it('rejects impossible arguments', () => {
    expect(() => passAtK(3, 4, 1)).toThrow(/c must be/);
    expect(() => passAtK(3, 1, 0)).toThrow(/k must be/);
  });

  it('lists k as powers of two up to n, with n itself', () => {
    expect(kValues(64)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(kValues(10)).toEqual([1, 2, 4, 8, 10]);
    expect(kValues(1)).toEqual([1]);
    expect(kValues(0)).toEqual([]);
  });
});
