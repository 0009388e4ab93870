import type { Policy, SearchProblem, Verifier } from '../../core/reasoning.js';
import type { LanguageModel } from '../../models/language-model.js';
import type { ArithState } from '../../tasks/arith/arith-state.js';
import { game24FromNumbers } from '../../tasks/game24/game24-problem.js';
import type { TextState } from '../../policies/text-state.js';
import { totProposePolicy } from '../../policies/tot-propose-policy.js';
import { totValueVerifier } from '../tot-game24/tot-value-verifier.js';
import { createTextSearchSetup, type TextSearchSetupOptions } from './text-search-setup.js';

export type ModelSearchSetup =
  | { kind: 'game24'; problem: SearchProblem<ArithState>; policy: Policy<ArithState>; verifier: Verifier<ArithState> }
  | { kind: 'text'; problem: SearchProblem<TextState>; policy: Policy<TextState>; verifier: Verifier<TextState> };

export interface ModelSearchSetupOptions extends Omit<TextSearchSetupOptions, 'question' | 'model'> {
  model: LanguageModel;
  /** Target for number puzzles (default 24). */
  target?: number;
}

/** Two to eight whole numbers and nothing else: a number puzzle, e.g. `4 9 10 13`. */
export function isNumberPuzzle(input: string): boolean {
  const parts = input.trim().split(/[\s,]+/);
  return parts.length >= 2 && parts.length <= 8 && parts.every((p) => /^\d+$/.test(p));
}

/**
 * What `metacot solve --model …` needs for any input: a number puzzle gets the Tree of
 * Thoughts propose policy and value verifier over the Game of 24 task (exact checking
 * of answers); anything else is a free-text question with the text step policy and the
 * chosen model verifier (see createTextSearchSetup).
 */
export function createModelSearchSetup(input: string, options: ModelSearchSetupOptions): ModelSearchSetup {
  if (isNumberPuzzle(input)) {
    const problem = game24FromNumbers(input, options.target ?? 24);
    return { kind: 'game24', problem, policy: totProposePolicy({ model: options.model }), verifier: totValueVerifier({ model: options.model }) };
  }
  const { model, target: _target, ...rest } = options;
  return { kind: 'text', ...createTextSearchSetup({ ...rest, question: input, model }) };
}

