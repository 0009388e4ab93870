import { describe, expect, it } from 'vitest';
import { createBoard } from './board.js';
import { ArithTool, nextPieces } from './tool-trace-decoder.js';

describe('constraining operands spelled digit by digit', () => {
  const lines = ['3015 + 7 =', '3 * 5 =', '3015 - 3 =', '97 - 3015 ='];

  it('offers the next word between words and the next character inside a word', () => {
    expect(nextPieces('3', lines)!.sort()).toEqual([' *', '0'].sort());
    expect(nextPieces('3015', lines)!.sort()).toEqual([' +', ' -'].sort());
    expect(nextPieces('97 -', lines)).toEqual([' 3015']);
    // The decoder falls back to ' ' for a word it lacks; the digits then follow one by one.
    expect(nextPieces('97 - ', lines)).toEqual(['3']);
    expect(nextPieces('97 - 301', lines)).toEqual(['5']);
    expect(nextPieces('97 - 3015', lines)).toEqual([' =']);
    expect(nextPieces('8', lines)).toBeNull();
  });

  it('keeps a large operand on the board legal only, and the tool computes with it', () => {
    const tool = new ArithTool(createBoard([3015, 67, 45], 100, true), { constrain: true, spelledNumbers: true });
    expect(tool.allowed('30')).toEqual(['1']);
    expect(tool.allowed('3015 /')!).toEqual(expect.arrayContaining([' 67', ' 45']));
    const reply = tool.afterToken('3015 / 45 =');
    expect(reply?.append).toBe(' 67 (left: 67 67)');
  });

  it('leaves Game of 24 decoding as it was (spelledNumbers off): a partial number is unconstrained', () => {
    const tool = new ArithTool(createBoard([4, 9, 10, 13], 24), { constrain: true });
    expect(tool.allowed('1')).toBeNull();
    expect(tool.allowed('13')).toEqual([' +', ' -', ' *', ' /']);
  });
});
