import { describe, expect, it } from 'vitest';
import { casEqual } from './cas-equal.js';
import { grade } from './grade.js';

/** Both directions, so the verdict cannot hang on which side is gold. */
const both = (a: string, b: string) => [grade(a, b).equal, grade(b, a).equal];

describe('verdicts that were wrong', () => {
  it('a tuple or an interval is not a set', () => {
    expect(both('(3,4)', '\\{3,4\\}')).toEqual([false, false]);
    expect(both('(0,1)', '\\{0,1\\}')).toEqual([false, false]);
    expect(both('(4,3)', '\\{3,4\\}')).toEqual([false, false]);
    // Still equal: a tuple against named coordinates in order, a set against a set in any order.
    expect(both('(5,2)', 'p=5, q=2')).toEqual([true, true]);
    expect(both('\\{3,4\\}', '\\{4,3\\}')).toEqual([true, true]);
  });

  it('an interval is not a column vector; a point is', () => {
    const column = '\\begin{pmatrix}0\\\\1\\end{pmatrix}';
    expect(both('(0,1]', column)).toEqual([false, false]);
    expect(both('[0,1]', column)).toEqual([false, false]);
    expect(both('(0,1)', column)).toEqual([true, true]);
  });

  it('a sum or product with a space before its body', () => {
    expect(both('385', '\\sum_{k=1}^{10} k^2')).toEqual([true, true]);
    expect(both('385', '\\sum_{k=1}^{10}k^2')).toEqual([true, true]);
    expect(both('3628800', '\\prod_{k=1}^{10} k')).toEqual([true, true]);
    expect(both('3628800', '\\prod_{k=1}^{10}k')).toEqual([true, true]);
    expect(both('386', '\\sum_{k=1}^{10} k^2')).toEqual([false, false]);
    // A trailing unit is still a unit.
    expect(grade('5 \\text{ cm}^2', '5 m^2').reason).toBe('units-differ');
  });

  it('full-width digits and signs are their ASCII forms', () => {
    expect(both('２', '2')).toEqual([true, true]);
    expect(both('１２.５', '12.5')).toEqual([true, true]);
    expect(both('－３', '-3')).toEqual([true, true]);
    expect(both('２', '3')).toEqual([false, false]);
  });

  it('exact integers compare exactly, however large; only decimals get a tolerance', () => {
    const product = '{60 \\choose 30}{50 \\choose 25}{40 \\choose 20}'; // about 2.06 * 10^42
    expect(both(product, `${product}+1`)).toEqual([false, false]);
    expect(both(product, '2060791473243036345846178512134671944399360')).toEqual([true, true]);
    expect(both(product, '2060791473243036345846178512134671944399361')).toEqual([false, false]);
    expect(both('\\binom{60}{30}\\binom{50}{25}\\binom{40}{20}', `\\binom{60}{30}\\binom{50}{25}\\binom{40}{20}+1`)).toEqual([false, false]);
    expect(both('\\frac{1}{3}', '0.3333333')).toEqual([true, true]);
  });

  it('the computer-algebra fallback compares exact values exactly too', () => {
    const product = '{60 \\choose 30}{50 \\choose 25}{40 \\choose 20}';
    expect(casEqual(product, `${product}+1`)).toBe(false);
    expect(casEqual(product, product.replace(/ /g, ''))).toBe(true);
    expect(casEqual('\\frac{1}{3}', '0.333333333333')).toBe(true);
    expect(casEqual('\\frac{1}{3}', '0.3334')).toBe(false);
  });
});
