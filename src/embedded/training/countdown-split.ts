import { InputError } from '../../core/errors.js';
import { countdownKey, countdownTargets, generateCountdown, type CountdownPuzzle } from '../../tasks/countdown/generate-countdown.js';
import type { TraceProblem } from './reasoner-dataset.js';

/**
 * Stream of Search's Countdown benchmark as every embedded experiment here must keep it:
 * seed 4, four numbers from 1–99, targets 10–100 with a tenth held out. `val` (training
 * targets, fresh numbers) and `val-target` (held-out targets) are fixed sets of
 * COUNTDOWN_EVAL_SIZE problems each; training, calibration and STaR problems come from
 * the `train` split with every evaluation problem excluded, and only ever have training
 * targets.
 */
export const COUNTDOWN_SEED = 4;
export const COUNTDOWN_EVAL_SIZE = 1000;
export const COUNTDOWN_NUMBERS = { min: 1, max: 99 } as const;

export type CountdownEvalSplit = 'val' | 'val-target';

const evalCache = new Map<CountdownEvalSplit, CountdownPuzzle[]>();

/** The first `size` problems of an evaluation split (at most COUNTDOWN_EVAL_SIZE). */
export function countdownEvalSet(split: CountdownEvalSplit, size = COUNTDOWN_EVAL_SIZE): CountdownPuzzle[] {
  if (!Number.isSafeInteger(size) || size < 1 || size > COUNTDOWN_EVAL_SIZE) throw new InputError(`countdown ${split} size must be between 1 and ${COUNTDOWN_EVAL_SIZE}, got ${size}`);
  let all = evalCache.get(split);
  if (!all) {
    all = generateCountdown(split, COUNTDOWN_EVAL_SIZE, { seed: COUNTDOWN_SEED });
    evalCache.set(split, all);
  }
  return all.slice(0, size);
}

/** Keys (`countdownKey`) of every evaluation problem: what training must never see. */
export function countdownEvalKeys(): Set<string> {
  const keys = new Set<string>();
  for (const split of ['val', 'val-target'] as const) for (const p of countdownEvalSet(split)) keys.add(countdownKey(p.numbers, p.target));
  return keys;
}

/** `count` training problems (train split, evaluation problems redrawn), as trace problems with integer rules. */
export function countdownTrainProblems(count: number): TraceProblem[] {
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) throw new InputError(`countdown training problems must be between 1 and 1000000, got ${count}`);
  const problems = generateCountdown('train', count, { seed: COUNTDOWN_SEED }, countdownEvalKeys())
    .map((p) => ({ numbers: p.numbers, target: p.target, integer: true }));
  assertNoEvalProblems(problems);
  return problems;
}

/**
 * Throws when any problem is an evaluation problem (same numbers and target) or has a
 * held-out target: the guard every Countdown training, calibration and STaR set passes.
 */
export function assertNoEvalProblems(problems: readonly Pick<TraceProblem, 'numbers' | 'target'>[]): void {
  const keys = countdownEvalKeys();
  const heldOut = new Set(countdownTargets({ seed: COUNTDOWN_SEED }).heldOut);
  for (const p of problems) {
    if (heldOut.has(p.target)) throw new Error(`countdown training data holds the held-out target ${p.target} (${p.numbers.join(' ')})`);
    if (p.numbers.length === 4 && keys.has(countdownKey(p.numbers, p.target))) throw new Error(`countdown training data holds the evaluation problem ${p.numbers.join(' ')} → ${p.target}`);
  }
}

/** The sorted integer targets a Countdown training set holds. */
export function targetsOf(problems: readonly Pick<TraceProblem, 'target'>[]): number[] {
  return [...new Set(problems.map((p) => p.target))].sort((a, b) => a - b);
}
