import { describe, expect, it } from 'vitest';
import type { TraceTree } from '../core/tree-schema.js';
import { formatsFor, linearize, parseTrace } from './linearize.js';
import { textTree } from './test-support/text-trees.js';

function expectTextRoundTrip(tree: TraceTree, format: 'meta-cot' | 'optimal-path'): void {
  const lin = linearize(tree, format);
  const parsed = parseTrace(lin.text, format);
  expect(parsed.steps.map((s) => s.text)).toEqual(lin.stepNodeIds.map((id) => tree.nodes[id]!.step.text));
  const index = new Map(lin.stepNodeIds.map((id, k) => [id, k]));
  parsed.steps.forEach((step, k) => {
    const parentId = tree.nodes[lin.stepNodeIds[k]!]!.parentId!;
    expect(step.parent).toBe(parentId === 0 ? -1 : index.get(parentId));
  });
  const path = lin.winningPath!.slice(1);
  expect(parsed.solution.map((s) => s.text)).toEqual(path.map((id) => tree.nodes[id]!.step.text));
  expect(parsed.answer).toBe(tree.answer);
  if (format === 'meta-cot') {
    expect(parsed.winning!.map((k) => lin.stepNodeIds[k])).toEqual(path);
    // Values come back to the printed precision.
    parsed.steps.forEach((s, k) => expect(s.value).toBeCloseTo(tree.nodes[lin.stepNodeIds[k]!]!.scores.value!, 2));
  }
}

describe('meta-cot on text-step trees (paragraph steps)', () => {
  const cases: [string, Record<string, number | string | boolean>, number, number][] = [
    ['dfs', { threshold: 0.2 }, 23, 1],
    ['beam', { breadth: 4 }, 22, 2],
    ['best-first', {}, 21, 3],
    ['mcts', { iterations: 80 }, 19, 4],
  ];
  for (const [search, options, target, seed] of cases) {
    it(`${search}: round trip for meta-cot and optimal-path`, async () => {
      const tree = await textTree(search, options, target, seed);
      expect(tree.verified).toBe(true);
      expect(formatsFor(tree)).toEqual(['meta-cot', 'optimal-path']);
      expectTextRoundTrip(tree, 'meta-cot');
      expectTextRoundTrip(tree, 'optimal-path');
    });
  }

  it('says a text branch failed in words and refers back by step number', async () => {
    const tree = await textTree('dfs', { threshold: 0.2 }, 23, 1);
    const { text } = linearize(tree, 'meta-cot');
    expect(text).toMatch(/\nWait, this does not lead to a correct answer\. Going back to step \d+\.\n|Going back to the start\./);
    expect(text.split('\n')[0]).toMatch(/^We (add one|double it|add three): 1 becomes \d+\.$/);
    expect(text).toMatch(/\nSolution:\nWe /);
    expect(text.trimEnd().split('\n').at(-1)).toBe(`Answer: ${tree.answer}`);
  });
});
