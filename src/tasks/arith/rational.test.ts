import { describe, expect, it } from 'vitest';
import { add, compare, div, formatRational, mul, parseRational, rational, sub } from './rational.js';

describe('rational', () => {
  it('reduces and keeps the denominator positive', () => {
    expect(rational(6, -4)).toEqual([-3, 2]);
    expect(rational(0, -7)).toEqual([0, 1]);
    expect(rational(1, 0)).toBeNull();
  });

  it('computes exactly, fractions in between', () => {
    // 8 / (3 - 8/3) = 24
    const eight = rational(8)!;
    const three = rational(3)!;
    const inner = sub(three, div(eight, three)!)!;
    expect(inner).toEqual([1, 3]);
    expect(div(eight, inner)).toEqual([24, 1]);
    expect(add([1, 3], [1, 6])).toEqual([1, 2]);
    expect(mul([2, 3], [3, 2])).toEqual([1, 1]);
    expect(div([5, 1], [0, 1])).toBeNull();
  });

  it('refuses results beyond the safe-integer range instead of rounding', () => {
    expect(mul([2 ** 40, 1], [2 ** 20, 1])).toBeNull();
  });

  it('compares, formats and parses', () => {
    expect(compare([1, 3], [1, 2])).toBeLessThan(0);
    expect(formatRational([5, 2])).toBe('5/2');
    expect(formatRational([-4, 1])).toBe('-4');
    expect(parseRational(' 5/2 ')).toEqual([5, 2]);
    expect(parseRational('4/8')).toEqual([1, 2]);
    expect(parseRational('x')).toBeNull();
  });
});
