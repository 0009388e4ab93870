import { loadGame24, type Game24Split } from '../../tasks/game24/load-game24.js';
import type { EvalTask } from '../eval-task.js';
import { arithEvalTask } from './arith-eval-task.js';

/**
 * Game of 24 from the shipped 24.csv. Splits: `test` (ranks 901–1000, as Tree of
 * Thoughts evaluates), `train` (the rest), `all`. Problem ids are `game24:<rank>`.
 */
export function game24EvalTask(): EvalTask {
  return arithEvalTask({
    name: 'game24',
    rules: 'rational',
    splits: ['test', 'train', 'all'],
    defaultTarget: 24,
    load(split) {
      const puzzles = loadGame24({ split: split as Game24Split });
      return {
        split,
        source: 'data/game24/24.csv',
        problems: puzzles.map((p) => ({
          id: `game24:${p.rank}`,
          index: p.rank - 1,
          prompt: `Use the numbers ${p.numbers.join(' ')} and basic arithmetic operations (+ - * /) to obtain 24. Use each number exactly once.`,
          input: { numbers: p.numbers, target: 24 },
          gold: null,
          level: null,
          subject: null,
        })),
      };
    },
  });
}
