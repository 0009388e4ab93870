import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { countdownKey, countdownTargets } from '../../tasks/countdown/generate-countdown.js';
import { assertNoEvalProblems, COUNTDOWN_SEED, countdownEvalSet, countdownTrainProblems, targetsOf } from './countdown-split.js';
import { subPuzzles } from './sub-puzzles.js';

describe('Countdown splits for the embedded reasoner', () => {
  const { train: trainTargets, heldOut } = countdownTargets({ seed: COUNTDOWN_SEED });
  const val = countdownEvalSet('val');
  const valTarget = countdownEvalSet('val-target');
  const evalKeys = new Set([...val, ...valTarget].map((p) => countdownKey(p.numbers, p.target)));

  it('keeps the held-out targets out of the training targets, and val-target on them only', () => {
    expect(heldOut.filter((t) => trainTargets.includes(t))).toEqual([]);
    expect(val).toHaveLength(1000);
    expect(valTarget).toHaveLength(1000);
    for (const p of valTarget) expect(heldOut).toContain(p.target);
    for (const p of val) expect(trainTargets).toContain(p.target);
  });

  it('draws training problems (and their sub-puzzles) that never meet val or val-target', () => {
    const problems = countdownTrainProblems(400);
    expect(problems.every((p) => p.integer && p.numbers.length === 4)).toBe(true);
    for (const p of problems) expect(evalKeys.has(countdownKey(p.numbers, p.target))).toBe(false);
    const targets = targetsOf(problems);
    expect(targets.filter((t) => heldOut.includes(t))).toEqual([]);
    const subs = subPuzzles(problems, 2, createRandom('guard'));
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs) expect(heldOut).not.toContain(s.target);
    // The training stream is the train split's own: the same problems for the same count.
    expect(countdownTrainProblems(50)).toEqual(problems.slice(0, 50));
  });

  it('refuses training data holding an evaluation problem or a held-out target', () => {
    const seen = val[3]!;
    expect(() => assertNoEvalProblems([{ numbers: [...seen.numbers].reverse(), target: seen.target }])).toThrow('evaluation problem');
    expect(() => assertNoEvalProblems([{ numbers: [1, 2, 3, 4], target: heldOut[0]! }])).toThrow('held-out target');
    expect(() => assertNoEvalProblems(countdownTrainProblems(20))).not.toThrow();
  });
});
