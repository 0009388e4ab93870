import { describe, expect, it } from 'vitest';
import { createBoard } from './board.js';
import { ArithTool } from './tool-trace-decoder.js';

/** Writes `lines` through the tool as a model would, character by character; returns the text. */
function write(tool: ArithTool, lines: readonly string[], text = ''): string {
  for (const line of lines) {
    for (const ch of line) {
      text += ch;
      const reply = tool.afterToken(text);
      if (reply?.append) text += reply.append;
    }
  }
  return text;
}

describe('ArithTool context folding', () => {
  it('folds each searched and abandoned subtree into its step line valued 0, keeping the path and the pruned steps', () => {
    const tool = new ArithTool(createBoard([3, 7, 11, 25], 97, true), true);
    const text = write(tool, [
      '25 - 7 =', ' value 0\n', // pruned at once
      '25 * 3 =', ' value 1\n', // searched ...
      '75 + 11 =', ' value 1\n', '86 + 7 =', // ... a dead end below it,
      'back', 'back', // then abandoned twice over
      '11 - 7 =', ' value 1\n', // the current path
      '25 - 3 =', ' value 0\n',
    ]);
    expect(text).toContain('93 (not 97)');
    expect(text).toContain('back (left: 7 11 75)');
    expect(tool.folded(text)).toBe([
      '25 - 7 = 18 (left: 3 11 18) value 0\n',
      '25 * 3 = 75 (left: 7 11 75) value 0\n',
      '11 - 7 = 4 (left: 3 4 25) value 1\n',
      '25 - 3 = 22 (left: 4 22) value 0\n',
    ].join(''));
    // Folding changes only what the model reads: the search goes on from where it was ...
    const again = write(tool, ['25 * 4 =', ' value 1\n', '100 - 3 ='], text);
    expect(tool.solvedNode).not.toBeNull();
    expect(again).toMatch(/Answer: \(25 \* \(11 - 7\)\) - 3 = 97\n$/);
    // ... and back at the start, the folded step is still never offered again (25 * 3 was tried).
    const other = new ArithTool(createBoard([3, 7, 11, 25], 97, true), true);
    const atStart = write(other, ['25 * 3 =', ' value 1\n', 'back']);
    expect(other.folded(atStart)).toBe('25 * 3 = 75 (left: 7 11 75) value 0\n');
    expect(other.allowed(`${atStart}25 *`)).toEqual([' 7', ' 11']);
  });

  it('folds only between lines', () => {
    const tool = new ArithTool(createBoard([3, 7, 11, 25], 97, true), true);
    const text = write(tool, ['25 * 3 =']);
    expect(tool.folded(text)).toBeNull();
    expect(tool.folded(write(tool, [' value 1\n'], text))).toBe('25 * 3 = 75 (left: 7 11 75) value 1\n');
  });

  it('keeps the way back for a searched step without a value (formats that write none)', () => {
    const tool = new ArithTool(createBoard([3, 7, 11, 25], 97, true), true);
    const text = write(tool, ['25 * 3 =', '\n', '75 + 11 =', '\n', 'back', 'back']);
    expect(tool.folded(text)).toBe('25 * 3 = 75 (left: 7 11 75)\nback (left: 3 7 11 25)\n');
  });
});
