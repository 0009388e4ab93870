import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceTree } from '../core/tree-schema.js';
import type { ArithRules } from '../tasks/arith/arith-state.js';
import { arithContinuation, metaCotContinuation, sosContinuation } from './text-continuation.js';
import { linearize } from './linearize.js';
import { arithTree, TREE_CASES } from './test-support/arith-trees.js';

const trees: { tree: TraceTree; problem: { numbers: number[]; target: number; rules: ArithRules } }[] = [];

beforeAll(async () => {
  for (const c of TREE_CASES) trees.push({ tree: await arithTree(c), problem: { numbers: c.numbers, target: c.target, rules: c.rules } });
});

describe('arithmetic tool: the computed part of each step line', () => {
  it('meta-cot: reproduces every step of real traces exactly, solution section included', () => {
    let checked = 0;
    for (const { tree, problem } of trees) {
      const { text, segments } = linearize(tree, 'meta-cot');
      // Every third step (each call re-reads the whole prefix) and the whole solution section.
      const steps = segments.filter((x) => x.kind === 'step');
      const sampled = [...steps.filter((_, k) => k % 3 === 0), ...segments.filter((x) => x.kind === 'solution' && x.nodeId !== null)];
      for (const s of sampled) {
        const line = text.slice(s.start, s.end);
        const cut = s.start + line.indexOf(' =') + 2;
        const result = metaCotContinuation(problem, text.slice(0, cut));
        expect(result, text.slice(s.start, s.end)).toMatchObject({ ok: true, continuation: text.slice(cut, s.end) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('sos: reproduces the rest of each Exploring line and the line after it', () => {
    let checked = 0;
    for (const { tree, problem } of trees) {
      const { text, segments } = linearize(tree, 'sos');
      segments.forEach((s, k) => {
        if (s.kind !== 'explore') return;
        const cut = text.indexOf('=', s.start) + 1;
        const result = arithContinuation(problem, text.slice(0, cut), 'sos');
        expect(result, text.slice(s.start, s.end)).toMatchObject({ ok: true, continuation: text.slice(cut, segments[k + 1]!.end) });
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('says when the state is finished, and whether it is solved', () => {
    const p = { numbers: [4, 6], target: 24, rules: 'rational' as const };
    expect(metaCotContinuation(p, '4 * 6 =')).toEqual({ ok: true, continuation: ' 24 (left: 24)\n', left: [[24, 1]], finished: true, solved: true });
    expect(metaCotContinuation(p, '4 + 6 = ')).toMatchObject({ ok: true, continuation: '10 (left: 10)\n', finished: true, solved: false });
    expect(sosContinuation(p, 'Current State: 24:[4, 6], Operations: []\nExploring Operation: 6-4=')).toMatchObject({
      ok: true, continuation: '2, Resulting Numbers: [2]\n2,24 unequal: No Solution\n', solved: false,
    });
  });

  it('follows backtracks to the state the trace went back to', () => {
    const p = { numbers: [4, 9, 10, 13], target: 24, rules: 'rational' as const };
    const trace = '13 - 9 = 4 (left: 4 10 4)\nvalue 0.6\n4 + 4 = 8 (left: 10 8)\nvalue 0.1\nWait, 10 and 8 cannot make 24. Going back to (left: 4 10 4).\n10 - 4 =';
    expect(metaCotContinuation(p, trace)).toMatchObject({ ok: true, continuation: ' 6 (left: 4 6)\n' });
    expect(metaCotContinuation(p, `${trace.slice(0, trace.lastIndexOf('\n'))}\n10 - 8 =`)).toEqual({ ok: false, error: '8 is not available (left: 4 10 4)' });
  });

  it("numbers sos children per node across moves, as Stream of Search's own streams do", () => {
    const p = { numbers: [4, 9, 10, 13], target: 24, rules: 'integer' as const };
    const partial = [
      'Current State: 24:[4, 9, 10, 13], Operations: []',
      'Exploring Operation: 13-9=4, Resulting Numbers: [4, 10, 4]',
      'Generated Node #0,0: 24:[4, 10, 4] Operation: 13-9=4',
      'Moving to Node #0,0',
      "Current State: 24:[4, 10, 4], Operations: ['13-9=4']",
      'Exploring Operation: 4+10=14, Resulting Numbers: [4, 14]',
      'Generated Node #0,0,0: 24:[4, 14] Operation: 4+10=14',
      'Moving to Node #0,0,0',
      "Current State: 24:[4, 14], Operations: ['13-9=4', '4+10=14']",
      'Exploring Operation: 4+14=18, Resulting Numbers: [18]',
      '18,24 unequal: No Solution',
      'Moving to Node #0,0',
      "Current State: 24:[4, 10, 4], Operations: ['13-9=4']",
      'Exploring Operation: 10-4=',
    ].join('\n');
    expect(sosContinuation(p, partial)).toMatchObject({ ok: true, continuation: '6, Resulting Numbers: [4, 6]\nGenerated Node #0,0,1: 24:[4, 6] Operation: 10-4=6\n' });
  });

  it('returns clear errors for what a model may get wrong', () => {
    const game = { numbers: [3, 3, 8, 8], target: 24, rules: 'rational' as const };
    const countdown = { ...game, rules: 'integer' as const };
    expect(metaCotContinuation(game, '8 / 3 =')).toMatchObject({ ok: true, continuation: ' 8/3 (left: 3 8 8/3)\n' });
    expect(metaCotContinuation(countdown, '8 / 3 =')).toEqual({ ok: false, error: '8 / 3 is not an integer (Countdown allows only exact integer results)' });
    expect(metaCotContinuation(countdown, '3 - 8 =')).toEqual({ ok: false, error: '3 - 8 is negative (Countdown allows only non-negative integers)' });
    expect(metaCotContinuation(game, '7 + 3 =')).toEqual({ ok: false, error: '7 is not available (left: 3 3 8 8)' });
    expect(metaCotContinuation(game, '8 + 8 + 3 =').ok).toBe(false);
    expect(metaCotContinuation(game, 'value 0.5')).toMatchObject({ ok: false, error: expect.stringContaining("does not end with an operation like '13 - 9 ='") });
    expect(sosContinuation(game, 'Exploring Operation: 8-3=')).toEqual({ ok: false, error: "no 'Current State:' line before the operation" });
    expect(sosContinuation(game, 'Current State: 24:[3, 3, 8, 8], Operations: []\nExploring Operation: 8/3=')).toMatchObject({
      ok: true, continuation: '8/3, Resulting Numbers: [3, 8, 8/3]\nGenerated Node #0,0: 24:[3, 8, 8/3] Operation: 8/3=8/3\n',
    });
  });
});
