import { describe, expect, it } from 'vitest';
import { loadMathDataset } from '../../tasks/math/load-math-dataset.js';
import { grade } from './grade.js';

/**
 * Beyond the labelled pairs: on MATH-500 the gold answer must equal the last box of its
 * own reference solution, and must not equal other problems' (different) answers.
 */
describe('grader on MATH-500 answers', () => {
  const records = loadMathDataset('math500');

  it('accepts the boxed answer of every reference solution', () => {
    const misses = records.filter((r) => !grade(r.answer, r.solution ?? '', { extract: 'always' }).equal).map((r) => r.id);
    expect(misses).toEqual([]);
  });

  it("rejects other problems' answers", () => {
    const equalPairs: string[] = [];
    records.forEach((r, i) => {
      for (const step of [1, 7, 101]) {
        const other = records[(i + step) % records.length]!;
        if (other.answer.replace(/\s/g, '') === r.answer.replace(/\s/g, '')) continue;
        if (grade(r.answer, other.answer).equal) equalPairs.push(`${r.answer} = ${other.answer}`);
      }
    });
    // Distinct strings may still be the same value: one pair here really is.
    expect(equalPairs).toEqual(['5 = x=5']);
  });
});
