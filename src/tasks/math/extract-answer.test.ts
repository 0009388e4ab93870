import { describe, expect, it } from 'vitest';
import { extractAnswer } from './extract-answer.js';

describe('extractAnswer', () => {
  it.each([
    ['So the answer is $\\boxed{\\frac{1}{2}}$.', '\\frac{1}{2}', 'boxed'],
    ['First \\boxed{3}, then the final \\boxed{\\{1, \\{2\\}\\}}', '\\{1, \\{2\\}\\}', 'boxed'],
    ['\\boxed{1} and \\boxed{2}', '1, 2', 'boxed'],
    ['\\boxed{1} no no no no no \\boxed{2}', '2', 'boxed'],
    ['\\fbox{7}', '7', 'boxed'],
    ['Final Answer: The final answer is $12$. I hope it is correct.', '12', 'final-answer'],
    ['Final Answer: The volume of $ABCD$ is 120. I hope it is correct.', '120', 'final-answer'],
    ['Natalia sold 48/2 = 24 clips.\n#### 72', '72', 'gsm8k'],
    ['Thus the answer is 3/4.', '3/4', 'answer-is'],
    ['Some work.\n**Final Answer:** 42', '42', 'final-answer'],
    ['Work first.\nAnswer: $x = 2$', 'x = 2', 'answer-is'],
    ['Comparing all options, the best is \\textbf{(B)}', 'B', 'choice'],
    ['Therefore, there are 12 distinct sequences. I hope it is correct.', '12', 'last-number'],
  ])('%s', (text, answer, method) => {
    expect(extractAnswer(text)).toEqual({ answer, method });
  });

  it('finding no answer is a result', () => {
    expect(extractAnswer('I am not sure how to proceed with this.')).toEqual({ answer: null, method: 'none' });
    expect(extractAnswer('')).toEqual({ answer: null, method: 'none' });
  });
});
