import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('never holds more than maxEntries, and empties when a new key would exceed it', () => {
    const map = new BoundedMap<number, number>(3);
    for (let k = 0; k < 3; k++) map.set(k, k);
    map.set(2, 20);
    expect(map.size).toBe(3);
    map.set(3, 3);
    expect([...map.entries()]).toEqual([[3, 3]]);
    expect(() => new BoundedMap(0)).toThrow(/maxEntries/);
  });
});
