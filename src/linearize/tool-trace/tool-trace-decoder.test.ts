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
    const tool = new ArithTool(createBoard([3, 7, 11, 25], 97, true), { constrain: true });
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
    const other = new ArithTool(createBoard([3, 7, 11, 25], 97, true), { constrain: true });
    const atStart = write(other, ['25 * 3 =', ' value 1\n', 'back']);
    expect(other.folded(atStart)).toBe('25 * 3 = 75 (left: 7 11 75) value 0\n');
    expect(other.allowed(`${atStart}25 *`)).toEqual([' 7', ' 11']);
  });

  it('folds only between lines', () => {
    const tool = new ArithTool(createBoard([3, 7, 11, 25], 97, true), { constrain: true });
    const text = write(tool, ['25 * 3 =']);
    expect(tool.folded(text)).toBeNull();
    expect(tool.folded(write(tool, [' value 1\n'], text))).toBe('25 * 3 = 75 (left: 7 11 75) value 1\n');
  });

  it('keeps the way back for a searched step without a value (formats that write none)', () => {
    const tool = new ArithTool(createBoard([3, 7, 11, 25], 97, true), { constrain: true });
    const text = write(tool, ['25 * 3 =', '\n', '75 + 11 =', '\n', 'back', 'back']);
    expect(tool.folded(text)).toBe('25 * 3 = 75 (left: 7 11 75)\nback (left: 3 7 11 25)\n');
  });
});

/** Every step the constrained tool offers from the current state, as whole lines (`a op b =`). */
function offeredSteps(tool: ArithTool, text: string): string[] {
  const lines: string[] = [];
  const extend = (pending: string): void => {
    if (pending.endsWith(' =')) return void lines.push(pending);
    for (const piece of tool.allowed(text + pending) ?? []) if (piece !== 'back') extend(pending + piece);
  };
  extend('');
  return lines;
}

describe('ArithTool second look', () => {
  const board = () => createBoard([1, 2, 3], 9, true);

  /** A first pass that tries `1 + 2` (and one dead end below it), then prunes every other step from the start. */
  function firstPass(tool: ArithTool): string {
    let text = write(tool, ['1 + 2 =', ' value 1\n', '3 + 3 =', 'back']);
    const pruned = new Set<string>();
    for (let step = offeredSteps(tool, text)[0]; step && !pruned.has(step) && step !== '1 + 2 ='; step = offeredSteps(tool, text)[0]) {
      pruned.add(step);
      text = write(tool, [step, ' value 0\n'], text);
    }
    return text;
  }

  it('gives up after the first pass without it', () => {
    const tool = new ArithTool(board(), { constrain: true });
    const text = firstPass(tool);
    expect(tool.allowed(text)).toEqual(['back']);
    expect(write(tool, ['back'], text)).toMatch(/back \(no solution\)\n$/);
  });

  it('reopens every step from the start once, keeps only what was proved dead below it, takes only value 1 for it and searches it to the end', () => {
    const tool = new ArithTool(board(), { constrain: true, secondLook: true, lastLookFirst: false });
    let text = firstPass(tool);
    const reopened = offeredSteps(tool, text);
    expect(reopened).toContain('1 + 2 =');
    expect(reopened.length).toBeGreaterThan(3);
    expect(tool.allowed(text)).not.toContain('back');

    text = write(tool, ['1 + 2 ='], text);
    expect(tool.allowed(`${text} value`)).toEqual([' 1']);
    text = write(tool, [' value 1\n'], text);
    // 3 + 3 was tried from this state on the first pass: not offered again, and no early `back`.
    const below = offeredSteps(tool, text);
    expect(below).not.toContain('3 + 3 =');
    expect(below).toContain('3 * 3 =');
    expect(tool.allowed(text)).not.toContain('back');
    write(tool, ['3 * 3 ='], text);
    expect(tool.solvedNode).not.toBeNull();
  });

  it('takes a last look when the second gives up: the states pruned below the start open again, and every state entered is searched completely', () => {
    const tool = new ArithTool(createBoard([1, 1, 2, 3], 50, true), { constrain: true, secondLook: true, lastLookFirst: false });
    /** Prunes wherever the tool lets the model, backs out wherever it must, until `until` holds. */
    const pruneUntil = (text: string, until: () => boolean): string => {
      for (let guard = 0; guard < 2000 && !until(); guard += 1) {
        if (tool.allowed(text)?.[0] === 'back') {
          text = write(tool, ['back'], text);
          continue;
        }
        text = write(tool, [offeredSteps(tool, text)[0]!], text);
        if (tool.allowed(text)?.includes(' value')) text = write(tool, [tool.allowed(`${text} value`)!.includes(' 0') ? ' value 0\n' : ' value 1\n'], text);
      }
      return text;
    };
    // First pass: enter 1 + 1 and prune every step below it, then every other step from the start.
    let text = write(tool, ['1 + 1 =', ' value 1\n']);
    const prunedBelow = offeredSteps(tool, text);
    for (const step of prunedBelow) text = write(tool, [step, ' value 0\n'], text);
    text = pruneUntil(write(tool, ['back'], text), () => tool.tookSecondLook);
    // The second look keeps what was tried below 1 + 1: nothing is left there.
    text = write(tool, ['1 + 1 =', ' value 1\n'], text);
    expect(offeredSteps(tool, text)).toEqual([]);
    text = pruneUntil(write(tool, ['back'], text), () => tool.tookLastLook);

    expect(offeredSteps(tool, text)).toContain('1 + 1 =');
    text = write(tool, ['1 + 1 =', ' value 1\n'], text);
    // Pruned by a value, not proved dead: every step below opens again.
    expect(offeredSteps(tool, text).sort()).toEqual([...prunedBelow].sort());
    text = write(tool, ['2 + 2 ='], text);
    expect(tool.allowed(`${text} value`)).toEqual([' 1']);
    text = write(tool, [' value 1\n'], text);
    expect(tool.allowed(text)).not.toContain('back');
  });

  it('takes the last look first on integer boards (Countdown), the second look first on rational ones (Game of 24)', () => {
    for (const integer of [true, false]) {
      const tool = new ArithTool(createBoard([1, 2, 3], 9, integer), { constrain: true, secondLook: true });
      let text = '';
      for (let step = offeredSteps(tool, text)[0]; step && !tool.tookSecondLook; step = offeredSteps(tool, text)[0]) text = write(tool, [step, ' value 0\n'], text);
      expect(tool.tookSecondLook).toBe(true);
      expect(tool.tookLastLook).toBe(integer);
    }
  });

  it('looks again twice at most: after the last look, a search that finds nothing gives up', () => {
    const tool = new ArithTool(createBoard([1, 1, 1], 9, true), { constrain: true, secondLook: true, lastLookFirst: false });
    let text = '';
    // Unsolvable: prune wherever the tool lets the model, back out wherever it must.
    for (let guard = 0; guard < 100 && !text.endsWith('(no solution)\n'); guard += 1) {
      if (tool.allowed(text)?.[0] === 'back') {
        text = write(tool, ['back'], text);
        continue;
      }
      text = write(tool, [offeredSteps(tool, text)[0]!], text);
      if (tool.allowed(text)?.includes(' value')) text = write(tool, [tool.allowed(`${text} value`)!.includes(' 0') ? ' value 0\n' : ' value 1\n'], text);
    }
    expect(text).toMatch(/back \(no solution\)\n$/);
    // Three distinct states from the start, each pruned once and searched once on the second look.
    expect(text.match(/^1 [-+*] 1 = \d+ \(left: [^)]*\) value 0$/gm)).toHaveLength(3);
    expect(text.match(/^1 [-+*] 1 = \d+ \(left: [^)]*\) value 1$/gm)).toHaveLength(3);
  });
});
