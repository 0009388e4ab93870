import { describe, expect, it } from 'vitest';
import { COUNTDOWN_SEED, assertNoEvalProblems, countdownEvalKeys } from '../countdown-split.js';
import { countdownKey, countdownTargets } from '../../../tasks/countdown/generate-countdown.js';
import { loadGame24 } from '../../../tasks/game24/load-game24.js';
import { rlTrainingProblems } from './rl-problem.js';

describe('RL training problems', () => {
  it('Countdown: the benchmark\'s train split only, never a held-out target or an evaluation problem', () => {
    const problems = rlTrainingProblems('countdown');
    expect(problems.length).toBeGreaterThan(1000);
    const heldOut = new Set(countdownTargets({ seed: COUNTDOWN_SEED }).heldOut);
    const evalKeys = countdownEvalKeys();
    expect(problems.filter((p) => heldOut.has(p.target))).toEqual([]);
    expect(problems.filter((p) => evalKeys.has(countdownKey(p.numbers, p.target)))).toEqual([]);
    expect(() => assertNoEvalProblems(problems)).not.toThrow();
    expect(problems.every((p) => p.integer)).toBe(true);
  });

  it('Game of 24: never a test puzzle (ranks 901–1000)', () => {
    const problems = rlTrainingProblems('game24');
    expect(problems).toHaveLength(1262);
    const test = new Set(loadGame24({ split: 'all' }).filter((p) => p.rank >= 901 && p.rank <= 1000).map((p) => p.numbers.join(' ')));
    expect(test.size).toBe(100);
    expect(problems.filter((p) => test.has(p.numbers.join(' ')))).toEqual([]);
  });
});
