import { arithPrompt } from '../../tasks/arith/arith-problem.js';
import { generateCountdown, type CountdownSplit } from '../../tasks/countdown/generate-countdown.js';
import type { EvalTask } from '../eval-task.js';
import { arithEvalTask } from './arith-eval-task.js';

/** Problems generated per split; `--limit` takes fewer. */
export const COUNTDOWN_EVAL_SIZE = 1000;
export const COUNTDOWN_EVAL_SEED = 0;

/**
 * Countdown as Stream of Search sets it up (4 numbers, targets 10–100, integer rules),
 * generated with a fixed seed so that every run sees the same problems. Splits: `val`
 * (held-out problems, seen targets), `val-target` (held-out targets), `train`.
 */
export function countdownEvalTask(): EvalTask {
  return arithEvalTask({
    name: 'countdown',
    rules: 'integer',
    splits: ['val', 'val-target', 'train'],
    defaultTarget: null,
    load(split) {
      const puzzles = generateCountdown(split as CountdownSplit, COUNTDOWN_EVAL_SIZE, { seed: COUNTDOWN_EVAL_SEED });
      return {
        split,
        source: `generator:countdown(seed=${COUNTDOWN_EVAL_SEED},size=${COUNTDOWN_EVAL_SIZE},numbers=4,targets=10-100)`,
        problems: puzzles.map((p, index) => ({
          id: p.id,
          index,
          prompt: arithPrompt(p.numbers, p.target, 'integer'),
          input: { numbers: p.numbers, target: p.target },
          gold: p.solution.join(', '),
          level: null,
          subject: null,
        })),
      };
    },
  });
}
