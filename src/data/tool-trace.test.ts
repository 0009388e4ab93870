import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { fitTokenizer } from '../models/embedded/tokenizer.js';
import { createBoard, solvable } from './arith-board.js';
import { ArithTool } from './arith-tool.js';
import { encodeTrace } from './reasoner-dataset.js';
import { segmentWeight, writeToolTrace, TRACE_FORMATS, type ToolTrace } from './tool-trace.js';

/** Feeds the model-written segments of a trace through the tool, as decoding would, and returns the text it produces. */
function replay(trace: ToolTrace, numbers: number[]): { text: string; tool: ArithTool; done: boolean } {
  const tool = new ArithTool(createBoard(numbers, 24));
  let text = '';
  let done = false;
  for (const seg of trace.segments) {
    if (seg.role === 'prompt' || seg.role === 'tool') continue;
    for (const ch of seg.text) {
      expect(done).toBe(false);
      text += ch;
      const reply = tool.afterToken(text);
      if (reply?.append) text += reply.append;
      if (reply?.done) done = true;
    }
  }
  return { text, tool, done };
}

describe('tool-integrated traces', () => {
  it('writes verified searches whose tool text the tool reproduces exactly', () => {
    for (const format of TRACE_FORMATS) {
      let solved = 0;
      for (const [k, numbers] of [[4, 9, 10, 13], [1, 1, 4, 6], [3, 3, 8, 8], [5, 5, 5, 1]].entries()) {
        const trace = writeToolTrace(createBoard(numbers, 24), format, createRandom(`${format}${k}`));
        // A bounded teacher may fail (the pipeline drops such traces); the rest must replay exactly.
        if (!trace.solved) continue;
        solved++;
        expect(trace.text).toMatch(/Answer: .* = 24\n$/);
        const prompt = trace.segments[0]!.text;
        const { text, tool, done } = replay(trace, numbers);
        expect(prompt + text).toBe(trace.text);
        expect(done).toBe(true);
        expect(tool.solvedNode).not.toBeNull();
      }
      expect(solved).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes values that are true and backs that follow dead ends (metacot)', () => {
    const trace = writeToolTrace(createBoard([4, 9, 10, 13], 24), 'metacot', createRandom(7));
    for (const line of trace.text.split('\n')) {
      const m = /\(left: ([^)]*)\) value (\d)$/.exec(line);
      if (!m) continue;
      const nums = m[1]!.split(' ');
      if (nums.some((n) => n.includes('/'))) continue;
      expect(Number(m[2])).toBe(solvable(createBoard(nums.map(Number), 24)) ? 1 : 0);
    }
  });

  it('weights segments per objective, and encodes segment by segment as a whole', () => {
    const trace = writeToolTrace(createBoard([1, 2, 4, 13], 24), 'metacot', createRandom(3), { skill: 0, explore: 0.5, maxTries: 2, maxSteps: 40 });
    expect(trace.solved).toBe(true);
    const tok = fitTokenizer([trace.text], 1);
    const whole = encodeTrace(tok, trace, 'whole');
    expect(Array.from(whole.tokens)).toEqual(tok.encode(trace.text));
    const sum = (o: 'whole' | 'trace' | 'masked') => Array.from(encodeTrace(tok, trace, o).weights).reduce((a, b) => a + b, 0);
    expect(sum('whole')).toBeGreaterThan(sum('trace'));
    expect(sum('trace')).toBeGreaterThan(sum('masked'));
    expect(trace.segments.some((s) => s.wrong && segmentWeight(s, 'masked') === 0)).toBe(true);
    expect(trace.segments.filter((s) => s.role === 'back').every((s) => segmentWeight(s, 'masked') === 1)).toBe(true);
  });
});

describe('ArithTool', () => {
  it('computes steps, rejects impossible ones, pops on back and ends at the root', () => {
    const tool = new ArithTool(createBoard([4, 9, 10, 13], 24));
    let text = '';
    const say = (s: string) => {
      text += s;
      const r = tool.afterToken(text);
      if (r?.append) text += r.append;
      return r;
    };
    expect(say('13 - 9 =')?.append).toBe(' 4 (left: 4 4 10)');
    expect(say(' value 1\n')).toBeNull();
    expect(tool.current.value).toBe(1);
    expect(say('7 + 1 =')?.append).toBe(' invalid\n');
    expect(say('back')?.append).toBe(' (left: 4 9 10 13)\n');
    expect(say('back')).toEqual({ append: ' (no solution)\n', done: true });
  });

  it('constrains decoding to untried legal steps, back at dead leaves, and gives up only when the start is exhausted', () => {
    const tool = new ArithTool(createBoard([4, 9, 10, 13], 24), true);
    let text = '';
    const say = (s: string) => {
      text += s;
      const r = tool.afterToken(text);
      if (r?.append) text += r.append;
    };
    expect(tool.allowed(text)).toEqual(['4', '9', '10', '13']);
    expect(tool.allowed(`${text}13`)).toEqual([' +', ' -', ' *', ' /']);
    expect(tool.allowed(`${text}9 -`)).toEqual([' 4']);
    say('13 - 9 =');
    expect(tool.allowed(text)).toEqual([' value', '\n']);
    expect(tool.allowed(`${text} value`)).toEqual([' 0', ' 1']);
    say(' value 0\n');
    expect(tool.allowed(text)).toContain('back');
    say('back');
    expect(tool.allowed(`${text}13 -`)).not.toContain(' 9');
    expect(tool.allowed(`${text}13 -`)).toContain(' 10');
    const leaf = new ArithTool(createBoard([2, 3], 24), true);
    let t = '3 + 2 =';
    t += leaf.afterToken(t)?.append ?? '';
    t += ' value 0\n';
    leaf.afterToken(t);
    expect(leaf.allowed(t)).toEqual(['back']);
  });
});

