/**
 * The state of a free-text solution: the question and the steps written so far. Plain
 * JSON, so it goes into traces as it is. `done` marks a finished solution (its last step
 * states the answer, or the step limit was reached).
 */
export interface TextState {
  question: string;
  steps: string[];
  done: boolean;
}

export function initialTextState(question: string): TextState {
  return { question, steps: [], done: false };
}

/** The solution so far as one text, steps separated by `delimiter`. */
export function solutionText(state: TextState, delimiter = '\n\n'): string {
  return state.steps.join(delimiter);
}

export function isTextState(value: unknown): value is TextState {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<TextState>;
  return typeof v.question === 'string' && Array.isArray(v.steps) && v.steps.every((s) => typeof s === 'string') && typeof v.done === 'boolean';
}
