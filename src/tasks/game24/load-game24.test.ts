import { describe, expect, it } from 'vitest';
import { isSolvable } from '../arith/solve-arith.js';
import { game24FromNumbers, game24Problem } from './game24-problem.js';
import { loadGame24, parseGame24Csv } from './load-game24.js';

describe('Game of 24 data', () => {
  it('loads the shipped 24.csv: 1362 puzzles, test split = Rank 901..1000', () => {
    const all = loadGame24();
    expect(all).toHaveLength(1362);
    const test = loadGame24({ split: 'test' });
    expect(test).toHaveLength(100);
    expect(test[0]).toMatchObject({ rank: 901, numbers: [4, 5, 6, 10] });
    expect(test[99]!.rank).toBe(1000);
    expect(loadGame24({ split: 'train' })).toHaveLength(1262);
    expect(all[0]).toEqual({ rank: 1, numbers: [1, 1, 4, 6], amtSeconds: 4.4, solvedRate: 0.992 });
  });

  it('every test puzzle is solvable with fractions allowed', () => {
    const memo = new Map<string, boolean>();
    for (const p of loadGame24({ split: 'test' })) {
      expect(isSolvable(game24Problem(p).initialState(), 'rational', memo), p.numbers.join(' ')).toBe(true);
    }
  });

  it('names problems by rank and builds them from free input', () => {
    const p = game24Problem(loadGame24({ split: 'test' })[0]!);
    expect(p.id).toBe('game24:901');
    expect(p.task).toBe('game24');
    expect(p.prompt).toContain('4 5 6 10');
    expect(game24FromNumbers('4 9 10 13', 25).target).toBe(25);
    expect(() => game24FromNumbers('4 9 x')).toThrow("'x' is not a number");
    expect(() => game24FromNumbers('')).toThrow('got 0 numbers, need at least 2');
  });

  it('reports a malformed file with its line', () => {
    expect(() => parseGame24Csv('Rank,Puzzles\n1,1 1 x 4\n')).toThrow('line 2');
    expect(() => parseGame24Csv('a,b\n')).toThrow('expected columns Rank and Puzzles');
    expect(() => loadGame24({ path: '/nonexistent/24.csv' })).toThrow('cannot read Game of 24 puzzles');
  });
});
