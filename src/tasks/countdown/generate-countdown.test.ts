import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../arith/check-answer.js';
import { fromInteger } from '../arith/rational.js';
import { isSolvable } from '../arith/solve-arith.js';
import { countdownFromNumbers, countdownProblem } from './countdown-problem.js';
import { countdownKey, countdownTargets, generateCountdown } from './generate-countdown.js';

describe('Countdown generator', () => {
  it('holds out a tenth of the targets, deterministically per seed', () => {
    const a = countdownTargets({ seed: 4 });
    expect(a.heldOut).toHaveLength(9);
    expect(a.train).toHaveLength(82);
    expect(new Set([...a.heldOut, ...a.train]).size).toBe(91);
    expect(countdownTargets({ seed: 4 })).toEqual(a);
    expect(countdownTargets({ seed: 5 }).heldOut).not.toEqual(a.heldOut);
  });

  it('generates only solvable problems in range, the same for the same seed', () => {
    const train = generateCountdown('train', 40, { seed: 'x' });
    expect(generateCountdown('train', 40, { seed: 'x' })).toEqual(train);
    expect(generateCountdown('train', 40, { seed: 'y' })).not.toEqual(train);
    const { train: trainTargets, heldOut } = countdownTargets({ seed: 'x' });
    for (const p of train) {
      expect(p.numbers).toHaveLength(4);
      expect(p.numbers.every((n) => n >= 1 && n <= 99)).toBe(true);
      expect(trainTargets).toContain(p.target);
      const problem = countdownProblem(p);
      expect(isSolvable(problem.initialState(), 'integer')).toBe(true);
      // The recorded solution replays: the last op yields the target.
      expect(p.solution.at(-1)!.endsWith(`=${p.target}`)).toBe(true);
    }
    for (const p of generateCountdown('val-target', 20, { seed: 'x' })) expect(heldOut).toContain(p.target);
  });

  it('takes the number count and ranges as options and can exclude problems', () => {
    const small = generateCountdown('train', 10, { seed: 1, count: 3, minTarget: 1, maxTarget: 20, maxNumber: 10 });
    for (const p of small) {
      expect(p.numbers).toHaveLength(3);
      expect(p.target).toBeLessThanOrEqual(20);
      expect(Math.max(...p.numbers)).toBeLessThanOrEqual(10);
    }
    const exclude = new Set(small.map((p) => countdownKey(p.numbers, p.target)));
    const again = generateCountdown('train', 10, { seed: 1, count: 3, minTarget: 1, maxTarget: 20, maxNumber: 10 }, exclude);
    for (const p of again) expect(exclude.has(countdownKey(p.numbers, p.target))).toBe(false);
  });

  it('rejects impossible settings with a clear error', () => {
    expect(() => generateCountdown('val-target', 1, { seed: 1, minTarget: 10, maxTarget: 15 })).toThrow('no held-out targets');
    expect(() => generateCountdown('train', 1, { seed: 1, count: 9 })).toThrow('count must be between 2 and 6');
    expect(() => generateCountdown('train', 1, { seed: 1, minTarget: 50, maxTarget: 40 })).toThrow('minTarget 50 is above maxTarget 40');
    expect(() => generateCountdown('train', 1, { seed: 1, count: 2, minNumber: 1, maxNumber: 1, minTarget: 90, maxTarget: 100, maxAttempts: 50 })).toThrow('no solvable numbers');
  });

  it('builds problems with integer rules from free input', () => {
    const p = countdownFromNumbers('25 50 75 100', 125);
    expect(p.rules).toBe('integer');
    expect(p.check('25 + 100').ok).toBe(false);
    expect(checkAnswer('100 * 75 / 50 - 25', [25, 50, 75, 100].map(fromInteger), 125, { rules: 'integer' }).ok).toBe(true);
  });
});
