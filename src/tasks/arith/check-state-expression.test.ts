import { describe, expect, it } from 'vitest';
import { applyMove, forEachMove, initialArithState, reachesTarget, type ArithRules, type ArithState } from './arith-state.js';
import { createArithProblem } from './arith-problem.js';
import { checkAnswer } from './check-answer.js';
import { checkStateExpression } from './check-state-expression.js';
import { fromInteger } from './rational.js';

/** Every finished state of the full game tree of `numbers` (one number left). */
function finals(numbers: number[], target: number, rules: ArithRules): ArithState[] {
  const out: ArithState[] = [];
  const walk = (state: ArithState) => {
    if (state.nums.length === 1) out.push(state);
    else forEachMove(state, rules, (move) => void walk(applyMove(state, move)));
  };
  walk(initialArithState(numbers.map(fromInteger), target));
  return out;
}

const sorted = (numbers: number[]) => numbers.slice().sort((a, b) => a - b);

describe('checkStateExpression', () => {
  it('agrees with checkAnswer on every finished state of whole game trees, both rule sets', () => {
    const cases: [number[], number, ArithRules][] = [
      [[4, 9, 10, 13], 24, 'rational'],
      [[1, 5, 5, 5], 24, 'rational'],
      [[3, 3, 8, 8], 24, 'rational'],
      [[0, 0, 6, 4], 24, 'rational'],
      [[25, 4, 3, 2], 71, 'integer'],
      [[7, 7, 2, 1], 0, 'integer'],
    ];
    let reached = 0;
    for (const [numbers, target, rules] of cases) {
      for (const state of finals(numbers, target, rules)) {
        const text = state.exprs[0]!;
        const fast = checkStateExpression(text, sorted(numbers), target, rules);
        expect(fast, text).toBe(checkAnswer(text, numbers.map(fromInteger), target, { rules }).ok);
        if (fast) reached++;
      }
    }
    expect(reached).toBeGreaterThan(10);
  });

  it('agrees with checkAnswer on texts that were edited: wrong numbers, repeats, division by zero, negatives', () => {
    const texts = [
      '((13 - 9) * (10 - 4))', '((13 - 9) * (10 - 10))', '((13 - 9) * (9 - 4))', '((13 - 9) * 6)',
      '(((13 - 9) * (10 - 4)) + 0)', '((4 / (13 - 13)) + 24)', '((4 - 13) + 33)', '007', '24',
      '(((10 - 4) * 13) - ((9 * 6) ))', '((10 * 9) / (13 - 4))',
    ];
    for (const rules of ['rational', 'integer'] as const) {
      for (const text of texts) {
        const fast = checkStateExpression(text, sorted([4, 9, 10, 13]), 24, rules);
        const slow = checkAnswer(text, [4, 9, 10, 13].map(fromInteger), 24, { rules }).ok;
        if (fast !== null) expect(fast, `${rules} ${text}`).toBe(slow);
      }
    }
    expect(checkStateExpression('((13 - 9) * (10 - 4))', sorted([4, 9, 10, 13]), 24, 'rational')).toBe(true);
    expect(checkStateExpression('((13 - 9) * (9 - 4))', sorted([4, 9, 10, 13]), 20, 'rational')).toBe(false);
    expect(checkStateExpression('((4 - 13) + 33)', sorted([4, 13, 33]), 24, 'integer')).toBe(false);
    expect(checkStateExpression('((4 - 13) + 33)', sorted([4, 13, 33]), 24, 'rational')).toBe(true);
  });

  it('leaves any other form to the general checker (null)', () => {
    for (const text of ['', '4 + 20', '( 4 + 20)', '(4 + 20', '(4 + 20))', '(4 +20)', '(4.5 + 19.5)', '(-4 + 28)', '(4 x 20)', '(99999999999999999 - 99999999999999975)', '\\boxed{(4 + 20)}']) {
      expect(checkStateExpression(text, [4, 20], 24, 'rational'), text).toBeNull();
    }
  });
});

describe('ArithProblem.verify', () => {
  it('judges states exactly as the text checker does, including states edited after they were built', () => {
    const problem = createArithProblem({ numbers: [4, 9, 10, 13], target: 24, rules: 'rational' });
    const byText = (state: ArithState) => reachesTarget(state) && problem.check(state.exprs[0]!).ok;
    const states = finals([4, 9, 10, 13], 24, 'rational');
    const edited: ArithState[] = [
      { target: 24, nums: [[24, 1]], exprs: ['((13 - 9) * (10 - 10))'] },
      { target: 24, nums: [[24, 1]], exprs: ['(13 - 9) * (10 - 4)'] },
      { target: 24, nums: [[24, 1]], exprs: ['((13 - 9) * 6)'] },
      { target: 24, nums: [[24, 1]], exprs: ['( (13 - 9) * (10 - 4) )'] },
    ];
    for (const state of [...states, ...edited]) expect(problem.verify!(state), state.exprs[0]).toBe(byText(state));
    expect(states.filter((s) => problem.verify!(s)).length).toBeGreaterThan(0);
    expect(edited.map((s) => problem.verify!(s))).toEqual([false, true, false, true]);
  });
});
