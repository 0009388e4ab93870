import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { boardMoves, createBoard, solvable } from '../../linearize/tool-trace/board.js';
import { ArithTool } from '../../linearize/tool-trace/tool-trace-decoder.js';
import { DEFAULT_TEACHER, segmentWeight, TOOL_PHRASES, TOOL_TRACE_FORMATS, writeToolTrace, type ToolTrace } from '../../linearize/tool-trace/tool-trace.js';
import { loadGame24 } from '../../tasks/game24/load-game24.js';
import { loadCheckpoint } from '../model/checkpoint.js';
import { shippedModelPath } from '../model/embedded-model.js';
import { fitTokenizer, Tokenizer } from '../model/tokenizer.js';
import { buildToolTraces, encodeTrace, type TraceProblem } from './reasoner-dataset.js';
import { subPuzzles } from './sub-puzzles.js';

describe('encodeTrace', () => {
  it('encodes segment by segment as a whole, weighted per objective', () => {
    const trace = [...Array(50).keys()].map((k) => writeToolTrace(createBoard([1, 2, 4, 13], 24), 'metacot', createRandom(k), { skill: [0, 0], noise: 0.3, maxTries: 2, maxSteps: 40 })).find((t) => t.solved && t.segments.some((s) => s.noisy))!;
    const tok = fitTokenizer([trace.text], 1);
    expect(Array.from(encodeTrace(tok, trace, 'whole').tokens)).toEqual(tok.encode(trace.text));
    const sum = (o: 'whole' | 'trace' | 'masked') => Array.from(encodeTrace(tok, trace, o).weights).reduce((a, b) => a + b, 0);
    expect(sum('whole')).toBeGreaterThan(sum('trace'));
    expect(sum('trace')).toBeGreaterThan(sum('masked'));
    expect(trace.segments.filter((s) => s.role === 'back').every((s) => segmentWeight(s, 'masked') === 1)).toBe(true);
  });
});

/**
 * The shipped models read prompts and tool text and were trained on the teacher's traces:
 * this digest covers the split, every move and solvability the format lists, seeded teacher
 * traces in all formats (Game of 24 and Countdown rules), what the decoding tool allows,
 * appends and records while replaying them, the dataset builder, sub-puzzles, and the token
 * ids of the traces under each shipped model's vocabulary. It was taken from the code the
 * shipped models were trained with; any change to a byte of it changes the digest.
 */
describe('tool-trace format, byte for byte', () => {
  it('writes, replays and tokenizes exactly as the shipped models were trained', () => {
    const h = createHash('sha256');
    const put = (x: unknown) => h.update(JSON.stringify(x)).update('\n');
    const train = loadGame24({ split: 'train' });
    const test = loadGame24({ split: 'test' });
    const head = (p: { rank: number; numbers: number[] }) => ({ rank: p.rank, numbers: p.numbers });
    put([train.length, test.length, head(test[0]!), head(train[0]!)]);
    const problems: TraceProblem[] = [
      ...train.slice(0, 25).map((p) => ({ numbers: p.numbers, target: 24 })),
      { numbers: [25, 50, 3, 7, 1], target: 100, integer: true }, { numbers: [2, 3, 9, 11], target: 17, integer: true },
      { numbers: [1, 5, 5, 5], target: 24 }, { numbers: [0, 4, 6, 4], target: 24 },
    ];
    const boardOf = (p: TraceProblem) => createBoard(p.numbers, p.target, p.integer ?? false);
    for (const p of problems) {
      put(boardMoves(boardOf(p)).map((m) => [m.a, m.op, m.b, m.next.nums, m.next.exprs, solvable(m.next)]));
      put(solvable(boardOf(p)));
    }
    const traces: { t: ToolTrace; p: TraceProblem }[] = [];
    for (const [i, p] of problems.entries()) {
      for (const f of TOOL_TRACE_FORMATS) {
        for (const s of [0, 1]) {
          const t = writeToolTrace(boardOf(p), f, createRandom(`g${i}:${f}:${s}`), s ? { ...DEFAULT_TEACHER, skill: [0, 0], noise: 0.3 } : DEFAULT_TEACHER);
          put(t);
          traces.push({ t, p });
        }
      }
    }
    for (const { t, p } of traces) {
      if (!t.solved) continue;
      const tool = new ArithTool(boardOf(p), { constrain: true, valueThreshold: 0.3 });
      let text = '';
      for (const seg of t.segments) {
        if (seg.role === 'prompt' || seg.role === 'tool') continue;
        put(tool.allowed(text));
        for (const ch of seg.text) {
          text += ch;
          const r = tool.afterToken(text);
          put(tool.bias(text));
          if (r?.append) text += r.append;
          put(r);
        }
      }
      put([tool.nodes.map((n) => [n.text, n.board, n.value, n.win]), tool.visits, tool.solvedNode]);
    }
    const free = new ArithTool(createBoard([4, 9, 10, 13], 24));
    let text = '';
    for (const s of ['4 - 9 =', '9 / 0 =', '13 / 4 =', ' value 1\n', '9 - 4 =', 'back', '10 * 9 =', 'back', 'back']) {
      text += s;
      const r = free.afterToken(text);
      if (r?.append) text += r.append;
      put(r);
    }
    put(text);
    put(buildToolTraces(problems.slice(0, 6), { format: 'metacot', perProblem: 2, seed: 's' }));
    put(subPuzzles(problems, 3, createRandom(3)));
    put(TOOL_PHRASES);
    for (const name of ['game24-optimal', 'game24-sos', 'game24-metacot']) {
      const tok = new Tokenizer(loadCheckpoint(shippedModelPath(name)).vocab);
      for (const { t } of traces.slice(0, 60)) {
        try {
          put(Array.from(encodeTrace(tok, t, 'masked').tokens));
        } catch (e) {
          put(String(e));
        }
      }
    }
    expect(h.digest('hex')).toBe('f22eca504afe5a0c7312b5ac4105eb24f9bd35b8a9a6eb3902b556e840a5765c');
  }, 60_000);
});
