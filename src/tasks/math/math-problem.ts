import type { SearchProblem } from '../../core/reasoning.js';
import { extractAnswer } from './extract-answer.js';
import type { MathRecord } from './math-record.js';

/** The instruction appended to every problem, so answers can be found and graded. */
export const BOXED_INSTRUCTION = 'Reason step by step, and put your final answer within \\boxed{}.';

/** Longest solution text before a state counts as finished (a runaway generation). */
const MAX_SOLUTION_CHARS = 40_000;

/**
 * A math problem as a text task: a state is the solution written so far, a step is the
 * next paragraph, and a state is terminal once it states a final answer (a box, "Final
 * Answer:", `####`). The gold answer is not part of the problem a search sees; a
 * verifier that knows it grades `answer(state)` (see verifiers/math-grader).
 */
export function mathProblem(record: MathRecord): SearchProblem<string> & { readonly record: MathRecord } {
  return {
    id: `${record.dataset}/${record.id}`,
    task: record.dataset,
    prompt: mathPrompt(record),
    record,
    initialState: () => '',
    isTerminal: (state) => state.length >= MAX_SOLUTION_CHARS || hasFinalAnswer(state),
    answer: (state) => {
      const found = extractAnswer(state);
      if (found.answer === null || found.method === 'whole' || found.method === 'last-number' || found.method === 'last-math') {
        return hasFinalAnswer(state) ? found.answer : null;
      }
      return found.answer;
    },
    key: (state) => state.replace(/\s+/g, ' ').trim(),
  };
}

export function mathPrompt(record: MathRecord): string {
  if (record.choices) {
    const options = Object.entries(record.choices).map(([letter, text]) => `(${letter}) ${text}`).join('\n');
    return `${record.problem}\n\n${options}\n\nReason step by step, and put the letter of your choice within \\boxed{}.`;
  }
  return `${record.problem}\n\n${BOXED_INSTRUCTION}`;
}

/** The gold answer a grader should compare with: the letter for multiple choice. */
export function goldAnswer(record: MathRecord): string {
  return record.answerChoice ?? record.answer;
}

/** Every acceptable gold form: for multiple choice the letter and the text of that choice. */
export function goldAnswers(record: MathRecord): string[] {
  const choice = record.answerChoice && record.choices?.[record.answerChoice];
  return choice ? [record.answerChoice!, choice] : [record.answer];
}

function hasFinalAnswer(state: string): boolean {
  return /\\boxed|\\fbox|final answer\s*(?:is|:)|####\s*\S/i.test(state);
}

/** Appends one step (a paragraph) to a solution state. */
export function appendStep(state: string, step: string): string {
  const text = step.trim();
  return state === '' ? text : `${state}\n\n${text}`;
}
