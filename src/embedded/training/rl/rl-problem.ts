import { generateCountdown } from '../../../tasks/countdown/generate-countdown.js';
import { loadGame24 } from '../../../tasks/game24/load-game24.js';

/** One puzzle RL samples searches for: numbers, a target, and the rules. */
export interface RlProblem {
  numbers: number[];
  target: number;
  /** Countdown's rules (whole numbers only). */
  integer: boolean;
}

export const RL_TASKS = ['game24', 'countdown'] as const;
export type RlTask = (typeof RL_TASKS)[number];

/** Countdown training problems drawn for RL (the `train` split of the seed's targets). */
export const COUNTDOWN_RL_PROBLEMS = 2000;

/**
 * The training problems of a task. Game of 24: every 24.csv row outside the test ranks
 * 901–1000. Countdown: the `train` split (training targets) of `countdownSeed`, the seed its
 * model's data was generated with, so `val` and `val-target` stay unseen.
 */
export function rlTrainingProblems(task: RlTask, countdownSeed: string | number = 1): RlProblem[] {
  if (task === 'game24') return loadGame24({ split: 'train' }).map((p) => ({ numbers: p.numbers, target: 24, integer: false }));
  return generateCountdown('train', COUNTDOWN_RL_PROBLEMS, { seed: countdownSeed }).map((p) => ({ numbers: p.numbers, target: p.target, integer: true }));
}
