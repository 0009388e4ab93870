import { beforeAll, describe, expect, it } from 'vitest';
import { type TraceTree } from '../core/tree-schema.js';
import { parseTree } from '../core/parse-tree.js';
import { linearize, parseTrace } from './linearize.js';
import { arithTree, TREE_CASES } from './test-support/arith-trees.js';
import { trainingSpans } from './training-spans.js';
import { LINEARIZE_FORMATS, type LinearizeFormat } from './types.js';

const trees = new Map<string, TraceTree>();

beforeAll(async () => {
  for (const c of TREE_CASES) trees.set(c.name, parseTree(JSON.parse(JSON.stringify(await arithTree(c)))));
});

/** Text -> steps must give back the tree's nodes: the same actions, each under its real parent. */
function expectRoundTrip(tree: TraceTree, format: LinearizeFormat): void {
  const lin = linearize(tree, format);
  const parsed = parseTrace(lin.text, format);
  expect(parsed.steps.map((s) => s.action)).toEqual(lin.stepNodeIds.map((id) => tree.nodes[id]!.step.action));
  const index = new Map(lin.stepNodeIds.map((id, k) => [id, k]));
  parsed.steps.forEach((step, k) => {
    const parentId = tree.nodes[lin.stepNodeIds[k]!]!.parentId!;
    expect(step.parent, `step ${k} (${step.text})`).toBe(parentId === 0 ? -1 : index.get(parentId));
  });
  if (lin.winningPath) {
    const path = lin.winningPath.slice(1);
    expect(parsed.winning!.map((k) => lin.stepNodeIds[k])).toEqual(path);
    expect(parsed.solution.map((s) => s.action)).toEqual(path.map((id) => tree.nodes[id]!.step.action));
    if (format !== 'sos') expect(parsed.answer).toBe(tree.nodes[path[path.length - 1]!]!.flags.answer);
  } else {
    expect(parsed.winning).toBeNull();
  }
  // Segments tile the text, in order.
  let at = 0;
  for (const s of lin.segments) {
    expect(s.start).toBe(at);
    at = s.end;
  }
  expect(at).toBe(lin.text.length);
}

describe('linearize / parse round trips on real search trees', () => {
  for (const c of TREE_CASES) {
    for (const format of LINEARIZE_FORMATS) {
      it(`${format}: ${c.name}`, () => expectRoundTrip(trees.get(c.name)!, format));
    }
  }

  it('covers solved and unsolved trees, backtracks and the step-number references', () => {
    const solved = TREE_CASES.filter((c) => trees.get(c.name)!.verified === true);
    expect(solved.length).toBeGreaterThanOrEqual(6);
    expect(trees.get('dfs unsolvable 1 1 1 1')!.verified).not.toBe(true);
    const texts = TREE_CASES.map((c) => linearize(trees.get(c.name)!, 'meta-cot').text).join('\n');
    expect(texts).toMatch(/Going back to \(left: /);
    expect(texts).toMatch(/Going back to step \d+ \(left: /);
    expect(texts).toMatch(/cannot make 24\./);
    expect(texts).toMatch(/is not 24\./);
  });
});

describe('meta-cot text', () => {
  it('reads like the design: steps, values, backtracks in words, solution and answer', () => {
    const tree = trees.get('dfs sum 4 9 10 13')!;
    const { text, segments, winningPath } = linearize(tree, 'meta-cot');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d+ [-+*/] \d+ = \S+ \(left: [\d/ ]+\)$/);
    expect(lines[1]).toMatch(/^value (0|1|0\.\d{1,2})$/);
    const sol = lines.indexOf('Solution:');
    expect(sol).toBeGreaterThan(0);
    expect(lines.slice(sol + 1, -1)).toEqual(winningPath!.slice(1).map((id) => {
      const seg = segments.find((s) => s.kind === 'step' && s.nodeId === id)!;
      return text.slice(seg.start, seg.end - 1);
    }));
    expect(lines.at(-1)).toBe(`Answer: ${tree.answer} = 24`);
    expect(tree.answer).toBeTruthy();
  });

  it('takes other phrasings and still parses them', () => {
    const tree = trees.get('dfs mult 1 5 5 5 (fractions)')!;
    const phrases = { goingBack: 'Let me return to {ref}.', deadEnd: 'Hmm, {numbers} will never give {target}.', solution: 'Clean solution:', answer: 'Final:' };
    const lin = linearize(tree, 'meta-cot', { phrases });
    expect(lin.text).toContain('Let me return to');
    expect(lin.text).toContain('Clean solution:\n');
    const parsed = parseTrace(lin.text, 'meta-cot', { phrases });
    expect(parsed.steps).toHaveLength(lin.stepNodeIds.length);
    expect(parsed.answer).toBe(tree.answer);
  });

  it('writes values as multiples of 1/N when asked (the paper: 1/128)', () => {
    const tree = trees.get('dfs sum 4 9 10 13')!;
    const lin = linearize(tree, 'meta-cot', { valueDenominator: 128 });
    const values = lin.text.split('\n').filter((l) => l.startsWith('value ')).map((l) => Number(l.slice(6)));
    expect(values.length).toBeGreaterThan(10);
    for (const v of values) expect(Number.isInteger(v * 128)).toBe(true);
    expect(values.some((v) => String(v).length > 4)).toBe(true);
    expect(parseTrace(lin.text, 'meta-cot').steps.map((s) => s.value)).toEqual(values);
    expect(() => linearize(tree, 'meta-cot', { valueDenominator: 0 })).toThrow('valueDenominator must be a positive integer');
  });

  it('can show every finished dead end too, and still round-trips', () => {
    const tree = trees.get('dfs mult 1 5 5 5 (fractions)')!;
    const all = linearize(tree, 'meta-cot', { terminals: 'all' });
    const few = linearize(tree, 'meta-cot');
    expect(parseTrace(all.text, 'meta-cot').steps.map((s) => s.action)).toEqual(all.stepNodeIds.map((id) => tree.nodes[id]!.step.action));
    expect(few.stepNodeIds.length).toBeLessThan(all.stepNodeIds.length);
    expect(parseTrace(few.text, 'meta-cot').solution).toEqual(parseTrace(all.text, 'meta-cot').solution);
  });
});

describe('order of a trace', () => {
  it('ends at the answer even when the search visited more after it', () => {
    const tree = structuredClone(trees.get('greedy 2 3 4 6')!);
    const goal = tree.bestId!;
    const unvisited = tree.nodes.find((n) => n.id < goal && n.parentId === 0 && !tree.visits.includes(n.id))!;
    tree.visits.push(goal, unvisited.id);
    for (const format of LINEARIZE_FORMATS) {
      const lin = linearize(tree, format);
      expect(lin.stepNodeIds.at(-1), format).toBe(goal);
      expectRoundTrip(tree, format);
    }
  });

  it('writes a node only after its ancestors, each once', () => {
    for (const c of TREE_CASES) {
      const tree = trees.get(c.name)!;
      for (const terminals of ['visited', 'all'] as const) {
        const { stepNodeIds } = linearize(tree, 'meta-cot', { terminals });
        expect(new Set(stepNodeIds).size).toBe(stepNodeIds.length);
        const seen = new Set([0]);
        for (const id of stepNodeIds) {
          expect(seen.has(tree.nodes[id]!.parentId!)).toBe(true);
          seen.add(id);
        }
      }
    }
  });
});

describe('sos text', () => {
  it("is Stream of Search's format", () => {
    const tree = trees.get('dfs sum 4 9 10 13')!;
    const lines = linearize(tree, 'sos').text.trimEnd().split('\n');
    expect(lines[0]).toBe('Current State: 24:[4, 9, 10, 13], Operations: []');
    expect(lines[1]).toMatch(/^Exploring Operation: \d+[-+*/]\d+=\S+, Resulting Numbers: \[[\d/, ]+\]$/);
    expect(lines[2]).toMatch(/^Generated Node #0,0: 24:\[[\d/, ]+\] Operation: \S+$/);
    expect(lines.some((l) => /^Moving to Node #0(,\d+)+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Current State: 24:\[.*\], Operations: \['[^']+'(, '[^']+')*\]$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('24,24 equal: Goal Reached');
  });

  it("reads Stream of Search's own depth-first streams (children explored one at a time)", () => {
    const stream = [
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
      'Exploring Operation: 10-4=6, Resulting Numbers: [4, 6]',
      'Generated Node #0,0,1: 24:[4, 6] Operation: 10-4=6',
      'Moving to Node #0,0,1',
      "Current State: 24:[4, 6], Operations: ['13-9=4', '10-4=6']",
      'Exploring Operation: 4*6=24, Resulting Numbers: [24]',
      '24,24 equal: Goal Reached',
    ].join('\n');
    const parsed = parseTrace(stream, 'sos');
    expect(parsed.steps.map((s) => [s.parent, s.action])).toEqual([
      [-1, { a: 13, op: '-', b: 9, result: 4 }],
      [0, { a: 4, op: '+', b: 10, result: 14 }],
      [1, { a: 4, op: '+', b: 14, result: 18 }],
      [0, { a: 10, op: '-', b: 4, result: 6 }],
      [3, { a: 4, op: '*', b: 6, result: 24 }],
    ]);
    expect(parsed.winning).toEqual([0, 3, 4]);
  });

  it('refuses trees that are not arithmetic', () => {
    const tree = structuredClone(trees.get('dfs sum 4 9 10 13')!);
    for (const n of tree.nodes) delete n.step.action;
    expect(() => linearize(tree, 'sos')).toThrow(/sos format needs an arithmetic tree/);
  });
});

describe('training spans', () => {
  it('whole, trace-only and mask-wrong-branches select the right segments', () => {
    const lin = linearize(trees.get('dfs sum 4 9 10 13')!, 'meta-cot');
    expect(trainingSpans(lin, 'whole')).toEqual([[0, lin.text.length]]);
    const traceOnly = trainingSpans(lin, 'trace-only');
    expect(traceOnly).toHaveLength(1);
    expect(lin.text.slice(traceOnly[0]![1])).toMatch(/^Solution:\n/);
    const masked = trainingSpans(lin, 'mask-wrong-branches').map(([a, b]) => lin.text.slice(a, b)).join('');
    expect(masked).not.toContain('Going back');
    expect(masked).toContain('Solution:');
    const backtracks = lin.segments.filter((s) => s.kind === 'backtrack');
    expect(backtracks.length).toBeGreaterThan(0);
    expect(backtracks.every((s) => !s.onWinningPath)).toBe(true);
  });
});
