import type { SearchProblem } from '../../core/reasoning.js';
import {
  arithStateKey, hasMove, initialArithState, reachesTarget, type ArithRules, type ArithState,
} from './arith-state.js';
import { checkAnswer, type CheckAnswerResult } from './check-answer.js';
import { checkStateExpression } from './check-state-expression.js';
import { tidyStateExpression } from './expression.js';
import { parseNumbers, parseTarget } from './parse-numbers.js';
import { fromInteger } from './rational.js';

/** A Game of 24 / Countdown puzzle as a search problem, with its checker at hand. */
export interface ArithProblem extends SearchProblem<ArithState> {
  readonly numbers: readonly number[];
  readonly target: number;
  readonly rules: ArithRules;
  /** Checks a final answer text (see `checkAnswer`) against this puzzle's numbers and target. */
  check(answerText: string): CheckAnswerResult;
}

export interface ArithProblemOptions {
  numbers: readonly number[];
  target: number;
  rules: ArithRules;
  /** `game24`, `countdown` (the default follows the rules). */
  task?: string;
  id?: string;
  prompt?: string;
}

export function arithPrompt(numbers: readonly number[], target: number, rules: ArithRules): string {
  const list = numbers.join(' ');
  return rules === 'rational'
    ? `Use the numbers ${list} and basic arithmetic operations (+ - * /) to obtain ${target}. Use each number exactly once.`
    : `Use the numbers ${list} and the operations + - * / to reach ${target}. Use each number exactly once; every intermediate result must be a non-negative integer.`;
}

/** Builds the search problem; validates the numbers and target (InputError naming the bad one). */
export function createArithProblem(options: ArithProblemOptions): ArithProblem {
  const numbers = parseNumbers(options.numbers, { max: 8 });
  const target = parseTarget(options.target, 'target');
  const { rules } = options;
  const task = options.task ?? (rules === 'rational' ? 'game24' : 'countdown');
  const start = numbers.map(fromInteger);
  const check = (text: string) => checkAnswer(text, start, target, { rules });
  const sorted = numbers.slice().sort((a, b) => a - b);
  return {
    id: options.id ?? `${task}:${numbers.join('-')}:${target}`,
    task,
    prompt: options.prompt ?? arithPrompt(numbers, target, rules),
    input: { numbers: [...numbers], target, rules },
    numbers,
    target,
    rules,
    check,
    initialState: () => initialArithState(start, target),
    isTerminal: (state) => state.nums.length <= 1 || !hasMove(state, rules),
    answer: (state) => (state.nums.length === 1 ? tidyStateExpression(state.exprs[0]!) : null),
    // The state's own arithmetic is exact by construction; re-checking the expression text
    // guards against states that were edited or read back from a trace. Texts in the states'
    // own form take the one-pass check; anything else the general checker.
    verify: (state) => {
      if (!reachesTarget(state)) return false;
      const text = state.exprs[0]!;
      return (typeof text === 'string' ? checkStateExpression(text, sorted, target, rules) : null) ?? check(text).ok;
    },
    key: arithStateKey,
  };
}
