import { describe, expect, it } from 'vitest';
import { puzzleFromConversation, puzzleFromText } from './puzzle-from-text.js';

describe('puzzleFromText', () => {
  it('reads the usual ways of asking', () => {
    expect(puzzleFromText('Use 4 9 10 13 to make 24')).toEqual({ numbers: [4, 9, 10, 13], target: 24, rules: 'rational' });
    expect(puzzleFromText('4 9 10 13')).toEqual({ numbers: [4, 9, 10, 13], target: 24, rules: 'rational' });
    expect(puzzleFromText('Game of 24: 1, 2, 3, 4')).toEqual({ numbers: [1, 2, 3, 4], target: 24, rules: 'rational' });
    expect(puzzleFromText('Countdown: 25 50 75 100 3 6, reach 952')).toEqual({ numbers: [25, 50, 75, 100, 3, 6], target: 952, rules: 'integer' });
    expect(puzzleFromText('With 2 3 5 obtain 25')).toEqual({ numbers: [2, 3, 5], target: 25, rules: 'rational' });
  });

  it('finds no puzzle in ordinary questions', () => {
    expect(puzzleFromText('What is the capital of France?')).toBeNull();
    expect(puzzleFromText('I have 3 apples')).toBeNull();
    expect(puzzleFromText('Compute 1.5 2 3 4')).toBeNull();
  });

  it('takes the latest user turn that states a puzzle', () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse. 1 2 3 4' },
      { role: 'user' as const, content: 'Use 4 9 10 13 to make 24' },
      { role: 'assistant' as const, content: '...' },
      { role: 'user' as const, content: 'Try again please' },
    ];
    expect(puzzleFromConversation(messages)?.numbers).toEqual([4, 9, 10, 13]);
  });
});
