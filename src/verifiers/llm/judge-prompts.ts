/** The Yes/No questions the judges ask, in a form any instruction-tuned model follows. */

export function outcomeJudgePrompt(question: string, solution: string): string {
  return [
    'Below is a problem and a proposed solution. Check the reasoning and the final answer carefully.',
    '',
    `Problem:\n${question}`,
    '',
    `Proposed solution:\n${solution}`,
    '',
    'Is the solution correct, with a correct final answer? Reply with one word: Yes or No.',
  ].join('\n');
}

export function processJudgePrompt(question: string, partial: string): string {
  return [
    'Below is a problem and the first steps of a solution, which may be unfinished. Check each step.',
    '',
    `Problem:\n${question}`,
    '',
    `Steps so far:\n${partial.length > 0 ? partial : '(none yet)'}`,
    '',
    'Is every step so far correct, and is this a promising way to a correct answer? Reply with one word: Yes or No.',
  ].join('\n');
}
