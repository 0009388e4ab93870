import { loadGame24 } from '../../../tasks/game24/load-game24.js';
import { countdownTrainProblems } from '../countdown-split.js';

/** One puzzle RL samples searches for: numbers, a target, and the rules. */
export interface RlProblem {
  numbers: number[];
  target: number;
  /** Countdown's rules (whole numbers only). */
  integer: boolean;
}

export const RL_TASKS = ['game24', 'countdown'] as const;
export type RlTask = (typeof RL_TASKS)[number];

/** Countdown training problems drawn for RL. */
export const COUNTDOWN_RL_PROBLEMS = 2000;

/**
 * The training problems of a task. Game of 24: every 24.csv row outside the test ranks
 * 901–1000. Countdown: the benchmark's `train` split (seed 4, training targets only, every
 * `val` and `val-target` problem excluded and checked), as supervised training uses.
 */
export function rlTrainingProblems(task: RlTask): RlProblem[] {
  if (task === 'game24') return loadGame24({ split: 'train' }).map((p) => ({ numbers: p.numbers, target: 24, integer: false }));
  return countdownTrainProblems(COUNTDOWN_RL_PROBLEMS).map((p) => ({ numbers: [...p.numbers], target: p.target, integer: true }));
}
