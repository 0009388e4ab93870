import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import { initialArithState, type ArithState } from './arith-state.js';
import { multHeuristic, multHeuristicValue, oracleSolvableValue, sumHeuristic, sumHeuristicValue } from './arith-values.js';
import { checkAnswer } from './check-answer.js';
import { fromInteger } from './rational.js';
import { findSolution, isSolvable } from './solve-arith.js';

const state = (nums: number[], target = 24): ArithState => initialArithState(nums.map(fromInteger), target);

describe('solvability oracle', () => {
  it('knows the classic unsolvable and the hard fraction puzzles', () => {
    for (const nums of [[1, 1, 1, 1], [1, 1, 1, 2], [1, 1, 2, 2], [1, 1, 1, 3], [5, 5, 5, 7], [6, 7, 7, 7]]) {
      expect(isSolvable(state(nums), 'rational'), nums.join(' ')).toBe(false);
    }
    // Needs fractions in between: solvable in Game of 24, not under Countdown's rules.
    expect(isSolvable(state([3, 3, 8, 8]), 'rational')).toBe(true);
    expect(isSolvable(state([3, 3, 8, 8]), 'integer')).toBe(false);
    expect(isSolvable(state([1, 5, 5, 5]), 'rational')).toBe(true);
    expect(isSolvable(state([4, 9, 10, 13]), 'integer')).toBe(true);
  });

  it('finds a solution that the checker accepts', () => {
    const s = state([1, 5, 5, 5]);
    const found = findSolution(s, 'rational')!;
    expect(found.actions).toHaveLength(3);
    const r = checkAnswer(found.final.exprs[0]!, s.nums, 24);
    expect(r.ok).toBe(true);
    expect(findSolution(state([1, 1, 1, 1]), 'rational')).toBeNull();
  });

  it('oracle-solvable scores 1/0 and memoises across calls', async () => {
    const oracle = oracleSolvableValue({ rules: 'rational' });
    expect(oracle.id).toBe('oracle-solvable');
    const ctx = createContext();
    expect(await oracle.score([state([1, 1, 1, 1]), state([4, 9, 10, 13]), state([24]), state([23])], ctx)).toEqual([0, 1, 1, 0]);
  });
});

describe('heuristic values', () => {
  it("are Stream of Search's heuristics mapped into [0,1], exact at the end", async () => {
    expect(sumHeuristic(state([20, 28]))).toBe(4);
    expect(multHeuristic(state([5, 13]))).toBe(2); // 5 -> 4 or 6, 13 -> 12
    const ctx = createContext();
    for (const v of [sumHeuristicValue(), multHeuristicValue()]) {
      const [near, far, hit, miss] = await v.score([state([23, 25]), state([90, 99]), state([24]), state([25])], ctx);
      expect(near!).toBeGreaterThan(far!);
      expect(near!).toBeLessThanOrEqual(1);
      expect(far!).toBeGreaterThan(0);
      expect([hit, miss]).toEqual([1, 0]);
    }
  });
});

describe('isSolvableIntegers', () => {
  it('agrees with the general solver under integer rules on many draws', async () => {
    const { createRandom } = await import('../../core/random.js');
    const { isSolvableIntegers } = await import('./solve-arith.js');
    const random = createRandom('agree');
    let solvable = 0;
    for (let k = 0; k < 300; k++) {
      const nums = [0, 0, 0, 0].map(() => 1 + random.int(30));
      const target = 1 + random.int(60);
      const fast = isSolvableIntegers(nums, target);
      expect(fast, `${nums.join(' ')} -> ${target}`).toBe(isSolvable(state(nums, target), 'integer'));
      if (fast) solvable++;
    }
    expect(solvable).toBeGreaterThan(50);
    expect(solvable).toBeLessThan(300);
  });
});
