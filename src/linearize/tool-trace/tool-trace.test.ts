import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { createBoard, solvable } from './board.js';
import { ArithTool } from './tool-trace-decoder.js';
import { DEFAULT_TEACHER, segmentWeight, writeToolTrace, TOOL_TRACE_FORMATS, type ToolTrace } from './tool-trace.js';

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
    for (const format of TOOL_TRACE_FORMATS) {
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

  it('writes values that are true, except the flagged noisy ones, which are never trained (metacot)', () => {
    let checked = 0;
    let noisy = 0;
    for (let k = 0; k < 20; k++) {
      const trace = writeToolTrace(createBoard([4, 9, 10, 13], 24), 'metacot', createRandom(k), { ...DEFAULT_TEACHER, skill: [0, 0], noise: 0.2 });
      trace.segments.forEach((seg, i) => {
        if (seg.role !== 'value') return;
        const m = /\(left: ([^)]*)\)$/.exec(trace.segments[i - 1]!.text)!;
        const nums = m[1]!.split(' ');
        if (nums.some((n) => n.includes('/'))) return;
        const truth = solvable(createBoard(nums.map(Number), 24));
        expect(seg.text === ' value 1\n').toBe(seg.noisy ? !truth : truth);
        if (seg.noisy) {
          noisy++;
          expect(segmentWeight(seg, 'trace')).toBe(0);
          expect(segmentWeight(seg, 'whole')).toBe(0);
        }
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(50);
    expect(noisy).toBeGreaterThan(0);
  });

  it('prunes on value 0 without a back, and reports dead ends (metacot)', () => {
    const trace = writeToolTrace(createBoard([4, 9, 10, 13], 24), 'metacot', createRandom(5), { ...DEFAULT_TEACHER, skill: [0, 0], noise: 0 });
    const lines = trace.text.split('\n');
    lines.forEach((line, i) => {
      if (line.endsWith(' value 0')) expect(lines[i + 1]).not.toMatch(/^back/);
    });
    expect(trace.text).toMatch(/ value 0\n/);
  });

  it('weights segments per objective', () => {
    // The first seed whose noisy, unskilled search still solves (wrong branches and noise included).
    const trace = [...Array(50).keys()].map((k) => writeToolTrace(createBoard([1, 2, 4, 13], 24), 'metacot', createRandom(k), { skill: [0, 0], noise: 0.3, maxTries: 2, maxSteps: 40 })).find((t) => t.solved && t.segments.some((s) => s.noisy))!;
    expect(trace).toBeDefined();
    const sum = (o: 'whole' | 'trace' | 'masked') => trace.segments.reduce((a, s) => a + segmentWeight(s, o), 0);
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
    expect(say('10 + 4 =')?.append).toBe(' 14 (left: 4 14)');
    // Valued 0: pruned, the search is back at 4 4 10 without a written back.
    expect(say(' value 0\n')).toBeNull();
    expect(tool.current.board.nums.length).toBe(3);
    expect(say('10 - 4 =')?.append).toBe(' 6 (left: 4 6)');
    say(' value 1\n');
    // A last step that misses is reported and left.
    expect(say('6 + 4 =')?.append).toBe(' 10 (not 24)\n');
    expect(tool.current.board.nums.length).toBe(2);
    expect(say('back')?.append).toBe(' (left: 4 4 10)\n');
    expect(say('back')?.append).toBe(' (left: 4 9 10 13)\n');
    expect(say('back')).toEqual({ append: ' (no solution)\n', done: true });
  });

  it('constrains decoding to untried legal steps, back at dead leaves, and gives up only when the start is exhausted', () => {
    const tool = new ArithTool(createBoard([4, 9, 10, 13], 24), { constrain: true });
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
    // Pruned back to the start, where giving up is not offered before every step was tried.
    expect(tool.allowed(text)).not.toContain('back');
    expect(tool.allowed(`${text}13 -`)).not.toContain(' 9');
    expect(tool.allowed(`${text}13 -`)).toContain(' 10');
    const leaf = new ArithTool(createBoard([2, 3, 4], 24), { constrain: true });
    let t = '3 + 2 =';
    t += leaf.afterToken(t)?.append ?? '';
    t += ' value 1\n';
    leaf.afterToken(t);
    for (const step of ['5 + 4 =', '5 * 4 =', '5 - 4 =', '5 / 4 =', '4 / 5 =']) {
      expect(leaf.allowed(t)).toContain(step.split(' ')[0]);
      t += step;
      t += leaf.afterToken(t)?.append ?? '';
    }
    expect(leaf.allowed(t)).toEqual(['back']);
  });
});


describe('value threshold', () => {
  it('biases only the value decision, by the log-odds of the threshold', () => {
    const tool = new ArithTool(createBoard([4, 9, 10, 13], 24), { constrain: true, valueThreshold: 0.2 });
    let text = '13 - 9 =';
    text += tool.afterToken(text)?.append ?? '';
    expect(tool.bias(text)).toBeNull();
    expect(tool.bias(`${text} value`)![' 1']).toBeCloseTo(Math.log(4));
    expect(new ArithTool(createBoard([4, 9, 10, 13], 24), { constrain: true }).bias(`${text} value`)).toBeNull();
  });
});
