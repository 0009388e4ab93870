import { createArithProblem, type ArithProblem } from '../arith/arith-problem.js';
import { parseNumbers } from '../arith/parse-numbers.js';
import type { CountdownPuzzle } from './generate-countdown.js';

/** A Countdown puzzle as a search problem: integer rules (Stream of Search). */
export function countdownProblem(puzzle: CountdownPuzzle): ArithProblem {
  return createArithProblem({ numbers: puzzle.numbers, target: puzzle.target, rules: 'integer', task: 'countdown', id: puzzle.id });
}

/** A Countdown puzzle from free input (`"25 50 75 100"`, target 71); InputErrors name the bad part. */
export function countdownFromNumbers(numbers: string | readonly (string | number)[], target: number): ArithProblem {
  return createArithProblem({ numbers: parseNumbers(numbers), target, rules: 'integer', task: 'countdown' });
}
