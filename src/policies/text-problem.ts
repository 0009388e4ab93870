import type { SearchProblem } from '../core/reasoning.js';
import { extractMarkedAnswer, type AnswerMarker } from './answer-marker.js';
import { initialTextState, type TextState } from './text-state.js';

export interface TextProblemOptions {
  question: string;
  id?: string;
  /** e.g. `math500`, `gsm8k`; default `text`. */
  task?: string;
  answerMarker?: AnswerMarker;
  /** An exact checker for finished answers (e.g. a math grader against a gold label). */
  verify?: (answer: string) => boolean;
  /** Groups equivalent answers for a majority vote. */
  answerKey?: (answer: string) => string;
}

/**
 * A free-text question as a search problem: a state is the steps written so far, and it
 * is terminal when the text policy marked it done (answer stated or step limit reached).
 */
export function createTextProblem(options: TextProblemOptions): SearchProblem<TextState> {
  const marker = options.answerMarker ?? 'boxed';
  const answer = (state: TextState) => {
    for (let i = state.steps.length - 1; i >= 0; i--) {
      const found = extractMarkedAnswer(state.steps[i]!, marker);
      if (found !== null) return found;
    }
    return null;
  };
  const verify = options.verify;
  return {
    id: options.id ?? 'question',
    task: options.task ?? 'text',
    prompt: options.question,
    initialState: () => initialTextState(options.question),
    isTerminal: (state) => state.done,
    answer,
    ...(verify
      ? {
          verify: (state: TextState) => {
            const a = answer(state);
            return a !== null && verify(a);
          },
        }
      : {}),
    key: (state) => state.steps.map((s) => s.trim().replace(/\s+/g, ' ')).join('\n\n'),
    answerKey: options.answerKey ?? ((a) => a.replace(/\s+/g, '').replace(/^\\text\{(.*)\}$/, '$1')),
  };
}
