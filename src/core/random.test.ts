import { describe, expect, it } from 'vitest';
import { createRandom, shuffled, weightedIndex } from './random.js';

describe('createRandom', () => {
  it('replays the same stream for the same seed and differs for another', () => {
    const a = createRandom(7), b = createRandom(7), c = createRandom(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws integers uniformly within bounds', () => {
    const r = createRandom('uniform');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[r.int(4)]!++;
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow(/positive integer/);
  });

  it('forks independent but reproducible streams', () => {
    const f1 = createRandom(1).fork('x'), f2 = createRandom(1).fork('x');
    expect(f1.next()).toBe(f2.next());
    expect(createRandom(1).fork('y').next()).not.toBe(createRandom(1).fork('x').next());
  });

  it('shuffles into a permutation and picks by weight', () => {
    const r = createRandom(3);
    expect(shuffled([1, 2, 3, 4, 5], r).sort()).toEqual([1, 2, 3, 4, 5]);
    const hits = [0, 0, 0];
    for (let i = 0; i < 3000; i++) hits[weightedIndex([0, 1, 3], r)]!++;
    expect(hits[0]).toBe(0);
    expect(hits[2]!).toBeGreaterThan(hits[1]! * 2);
  });
});
