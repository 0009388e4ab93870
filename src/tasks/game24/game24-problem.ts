import { createArithProblem, type ArithProblem } from '../arith/arith-problem.js';
import { parseNumbers } from '../arith/parse-numbers.js';
import type { Game24Puzzle } from './load-game24.js';

/**
 * A Game of 24 puzzle as a search problem: rational rules (fractions allowed in between,
 * as Tree of Thoughts' sympy checker allows), target 24 unless told otherwise.
 */
export function game24Problem(puzzle: Game24Puzzle): ArithProblem {
  return createArithProblem({ numbers: puzzle.numbers, target: 24, rules: 'rational', task: 'game24', id: `game24:${puzzle.rank}` });
}

/**
 * A puzzle from free input, e.g. the CLI's `"4 9 10 13"` with `--target N`. Throws an
 * InputError naming the bad part (`'x' is not a number`, too few numbers, ...).
 */
export function game24FromNumbers(numbers: string | readonly (string | number)[], target = 24): ArithProblem {
  const parsed = parseNumbers(numbers);
  return createArithProblem({ numbers: parsed, target, rules: 'rational', task: 'game24' });
}
