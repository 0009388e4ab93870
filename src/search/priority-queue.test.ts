import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { PriorityQueue } from './priority-queue.js';

describe('PriorityQueue', () => {
  it('pops by priority, equal priorities first-in first-out', () => {
    const q = new PriorityQueue<string>();
    [['a', 1], ['b', 3], ['c', 1], ['d', 3], ['e', 2]].forEach(([item, p]) => q.push(item as string, p as number));
    const out: string[] = [];
    for (let x = q.pop(); x !== undefined; x = q.pop()) out.push(x);
    expect(out).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(q.size).toBe(0);
  });

  it('agrees with a stable sort on random input', () => {
    const random = createRandom(9);
    const q = new PriorityQueue<number>();
    const items = Array.from({ length: 500 }, (_, i) => ({ i, p: random.int(20) }));
    items.forEach(({ i, p }) => q.push(i, p));
    const expected = [...items].sort((a, b) => b.p - a.p || a.i - b.i).map((x) => x.i);
    expect(Array.from({ length: 500 }, () => q.pop())).toEqual(expected);
  });
});
