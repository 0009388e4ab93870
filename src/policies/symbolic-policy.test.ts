import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { createArithProblem } from '../tasks/arith/arith-problem.js';
import { arithStateKey, initialArithState, type ArithAction, type ArithState } from '../tasks/arith/arith-state.js';
import { legalMoves, legalSteps, moveStep } from '../tasks/arith/arith-steps.js';
import { randomRolloutPolicy, symbolicPolicy } from './symbolic-policy.js';
import { estimateTokens } from '../core/usage.js';
import { checkAnswer } from '../tasks/arith/check-answer.js';
import { fromInteger, parseRational, type Rational } from '../tasks/arith/rational.js';

const state = (nums: number[], target = 24): ArithState => initialArithState(nums.map(fromInteger), target);
const r = (v: number | string): Rational => (typeof v === 'number' ? fromInteger(v) : parseRational(v)!);

describe('legal steps', () => {
  it('writes steps as "a op b = r (left: ...)" with the structured action', () => {
    const steps = legalSteps(state([4, 9, 10, 13]), 'rational');
    const s = steps.find((x) => x.text.startsWith('13 - 9 ='))!;
    expect(s.text).toBe('13 - 9 = 4 (left: 4 10 4)');
    expect(s.action).toEqual({ a: 13, op: '-', b: 9, result: 4 });
    expect(s.state.nums).toEqual([[4, 1], [10, 1], [4, 1]]);
    expect(s.state.exprs).toEqual(['4', '10', '(13 - 9)']);
  });

  it('enumerates each legal step once: 6 pairs x 5 ops for 4 distinct numbers, fewer for repeats', () => {
    expect(legalSteps(state([4, 9, 10, 13]), 'rational')).toHaveLength(30);
    // Countdown: + * - and exact division only (13/9, 10/9 ... are not exact; 4 divides none).
    const cd = legalSteps(state([4, 9, 10, 13]), 'integer');
    expect(cd).toHaveLength(18);
    const texts = legalSteps(state([4, 4, 10]), 'rational').map((s) => s.text);
    expect(new Set(texts).size).toBe(texts.length);
    // 4,4: + * - / (4/4 once); 4,10 (either 4): + * - / / ; 17 would double-count.
    expect(texts).toHaveLength(4 + 5);
  });

  it('every step is legal: the action is arithmetic on two available numbers and the state follows', () => {
    const start = state([1, 5, 5, 7]);
    for (const rules of ['rational', 'integer'] as const) {
      for (const step of legalSteps(start, rules)) {
        const { a, op, b, result } = step.action as ArithAction;
        const check = checkAnswer(`${a} ${op} (${b})`.replace(/\((\d+)\)/, '$1'), [r(a), r(b)], 0);
        expect(check.ok === false && check.reason.startsWith('uses')).toBe(false);
        const left = start.nums.map((n) => n.join('/'));
        for (const used of [r(a), r(b)]) {
          const k = left.indexOf(used.join('/'));
          expect(k).toBeGreaterThanOrEqual(0);
          left.splice(k, 1);
        }
        expect([...left, r(result).join('/')].sort()).toEqual(step.state.nums.map((n) => n.join('/')).sort());
        if (rules === 'integer') expect(step.state.nums.every(([n, d]) => d === 1 && n >= 0)).toBe(true);
      }
    }
  });
});

describe('symbolicPolicy', () => {
  it('returns all steps, or a seeded subset of `count`', async () => {
    const policy = symbolicPolicy({ rules: 'rational' });
    const s = state([4, 9, 10, 13]);
    expect(await policy.propose(s, Infinity, createContext({ seed: 1 }))).toHaveLength(30);
    const a = (await policy.propose(s, 5, createContext({ seed: 7 }))).map((x) => x.text);
    const b = (await policy.propose(s, 5, createContext({ seed: 7 }))).map((x) => x.text);
    const c = (await policy.propose(s, 5, createContext({ seed: 8 }))).map((x) => x.text);
    expect(a).toHaveLength(5);
    expect(new Set(a).size).toBe(5);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(symbolicPolicy({ rules: 'rational' }).propose(state([1, 2]), 3, createContext({ signal: controller.signal }))).rejects.toThrow(/aborted/);
  });
});

describe('randomRolloutPolicy', () => {
  it('samples legal steps, reproducibly', async () => {
    const policy = randomRolloutPolicy({ rules: 'integer' });
    const s = state([4, 9, 10, 13]);
    const legal = new Set(legalSteps(s, 'integer').map((x) => x.text));
    const one = await policy.propose(s, 1, createContext({ seed: 3 }));
    expect(one).toHaveLength(1);
    expect(legal.has(one[0]!.text)).toBe(true);
    const many = await policy.propose(s, 20, createContext({ seed: 3 }));
    expect(many.every((x) => legal.has(x.text))).toBe(true);
    expect(new Set(many.map((x) => x.text)).size).toBeGreaterThan(3);
    expect((await policy.propose(s, 20, createContext({ seed: 3 }))).map((x) => x.text)).toEqual(many.map((x) => x.text));
  });
});

describe('arith problem', () => {
  it('plays a full game to a verified answer', async () => {
    const problem = createArithProblem({ numbers: [4, 9, 10, 13], target: 24, rules: 'rational' });
    let s = problem.initialState();
    for (const text of ['13 - 9 =', '10 - 4 =', '4 * 6 =']) {
      const step = legalSteps(s, 'rational').find((x) => x.text.startsWith(text))!;
      expect(step, text).toBeDefined();
      expect(problem.isTerminal(s)).toBe(false);
      s = step.state;
    }
    expect(problem.isTerminal(s)).toBe(true);
    expect(problem.answer(s)).toBe('(13 - 9) * (10 - 4)');
    expect(problem.check(problem.answer(s)!).ok).toBe(true);
    expect(problem.verify!(s)).toBe(true);
    expect(problem.key!(problem.initialState())).toBe('4,9,10,13');
    expect(problem.key!(state([13, 4, 10, 9]))).toBe(arithStateKey(state([4, 9, 10, 13])));
  });

  it('a terminal state off target is a dead end: answer stated, not verified', () => {
    const problem = createArithProblem({ numbers: [1, 2], target: 24, rules: 'rational' });
    const end = legalSteps(problem.initialState(), 'rational')[0]!.state;
    expect(problem.isTerminal(end)).toBe(true);
    expect(problem.answer(end)).toBe('1 + 2');
    expect(problem.verify!(end)).toBe(false);
  });

  it('rejects bad input with one clear message', () => {
    expect(() => createArithProblem({ numbers: ['4', '9', 'x'] as unknown as number[], target: 24, rules: 'rational' })).toThrow("'x' is not a number");
    expect(() => createArithProblem({ numbers: [4], target: 24, rules: 'rational' })).toThrow('got 1 number, need at least 2');
    expect(() => createArithProblem({ numbers: [4, 2.5], target: 24, rules: 'rational' })).toThrow('2.5 is not a non-negative integer');
    expect(() => createArithProblem({ numbers: [4, 5], target: -3, rules: 'rational' })).toThrow("target must be a non-negative integer, got '-3'");
  });
});

describe('steps written in bulk', () => {
  it('are exactly the steps moveStep writes one move at a time (and the policy adds their token cost)', async () => {
    const policy = symbolicPolicy({ rules: 'rational' });
    const ctx = createContext({ seed: 2 });
    for (const [nums, rules] of [[[4, 4, 10, 13], 'rational'], [[1, 5, 5, 5], 'rational'], [[25, 4, 3, 2], 'integer']] as const) {
      const walk = async (s: ArithState): Promise<void> => {
        const moves = legalMoves(s, rules);
        const steps = legalSteps(s, rules);
        expect(steps).toEqual(moves.map((m) => moveStep(s, m)));
        if (rules === 'rational') {
          const proposed = await policy.propose(s, Infinity, ctx);
          expect(proposed).toEqual(steps.map((x) => ({ ...x, cost: { tokensOut: estimateTokens(x.text) } })));
        }
        for (const step of steps.slice(0, 4)) await walk(step.state);
      };
      await walk(state([...nums]));
    }
  });
});
