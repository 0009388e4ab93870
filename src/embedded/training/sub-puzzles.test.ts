import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { boardMoves, createBoard, solvable } from '../../linearize/tool-trace/board.js';
import { subPuzzles } from './sub-puzzles.js';

describe('subPuzzles', () => {
  const problems = [{ numbers: [4, 9, 10, 13], target: 24 }, { numbers: [1, 1, 4, 6], target: 24 }];

  it('draws distinct, solvable, whole-number three-number puzzles one step from each problem', () => {
    const subs = subPuzzles(problems, 3, createRandom(1));
    expect(subs.length).toBe(6);
    for (const [i, sub] of subs.entries()) {
      const parent = problems[Math.floor(i / 3)]!;
      expect(sub.numbers).toHaveLength(3);
      expect(sub.numbers.every(Number.isInteger)).toBe(true);
      expect(solvable(createBoard(sub.numbers, 24))).toBe(true);
      const reachable = boardMoves(createBoard(parent.numbers, 24)).map((m) => m.next.nums.map((f) => f[0]).join(' '));
      expect(reachable).toContain(sub.numbers.join(' '));
    }
    const first = subs.slice(0, 3).map((s) => s.numbers.join(' '));
    expect(new Set(first).size).toBe(3);
  });

  it('is deterministic for a seed, and empty for zero', () => {
    expect(subPuzzles(problems, 2, createRandom(7))).toEqual(subPuzzles(problems, 2, createRandom(7)));
    expect(subPuzzles(problems, 0, createRandom(7))).toEqual([]);
  });
});
