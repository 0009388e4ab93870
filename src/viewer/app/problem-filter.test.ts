import { describe, expect, it } from 'vitest';
import type { ProblemSummary } from '../viewer-data.js';
import { DEFAULT_QUERY, filterProblems, levelsOf } from './problem-filter.js';

const row = (index: number, correct: boolean | null, level: string | null, tokens: number): ProblemSummary => ({
  index, id: `p${index}`, task: 'math', search: 'beam', level, correct, answer: null, tokensIn: tokens, tokensOut: 0, tokens, nodes: 3,
});
const rows = [row(0, true, '1', 50), row(1, false, '5', 900), row(2, null, '10', 50), row(3, false, '1', 10)];
const ids = (list: ProblemSummary[]) => list.map((p) => p.index);

describe('filterProblems', () => {
  it('filters by outcome', () => {
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, outcome: 'correct' }))).toEqual([0]);
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, outcome: 'wrong' }))).toEqual([1, 3]);
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, outcome: 'ungraded' }))).toEqual([2]);
  });

  it('filters by level and id text', () => {
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, level: '1' }))).toEqual([0, 3]);
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, text: 'P2' }))).toEqual([2]);
  });

  it('sorts by tokens both ways, ties in run order', () => {
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, sort: 'tokens-desc' }))).toEqual([1, 0, 2, 3]);
    expect(ids(filterProblems(rows, { ...DEFAULT_QUERY, sort: 'tokens-asc' }))).toEqual([3, 0, 2, 1]);
  });

  it('lists levels in natural order', () => {
    expect(levelsOf(rows)).toEqual(['1', '5', '10']);
  });
});
