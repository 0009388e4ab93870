import { describe, expect, it } from 'vitest';
import { majority } from './majority.js';
import { runScripted } from './test-support/run-scripted.js';
import type { ScriptedTree } from './test-support/scripted-tree.js';

// Five final answers drawn uniformly; a, c and d all say seven (d spells it '07').
const TREE: ScriptedTree = {
  children: { root: ['a', 'b', 'c', 'd', 'e'] },
  answers: { a: '7', b: '8', c: '7', d: '07', e: '9' },
  values: { a: 0.1, b: 0.1, c: 0.1, d: 0.1, e: 1 },
};

function tally(answers: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  return counts;
}

describe('majority', () => {
  it('picks the most frequent final answer, without asking the verifier', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const { result, verifier } = await runScripted(majority, TREE, { n: 15 }, {}, seed);
      const answers = result.tree.nodes.filter((n) => n.flags.terminal).map((n) => n.flags.answer!);
      expect(answers).toHaveLength(15);
      const counts = tally(answers);
      const top = Math.max(...counts.values());
      expect(counts.get(result.answer!)).toBe(top);
      // Ties go to the answer seen first.
      expect(result.answer).toBe(answers.find((a) => counts.get(a) === top));
      expect(verifier.scored).toEqual([]);
      expect(result.stopReason).toBe('completed');
    }
  });

  it('groups answers by the problem answerKey', async () => {
    const keyed = { ...TREE, answerKey: (a: string) => String(Number(a)) };
    const { result } = await runScripted(majority, keyed, { n: 40 }, {}, 5);
    // With 3 of 5 branches saying seven, seven wins by a wide margin over 40 draws.
    expect(Number(result.answer)).toBe(7);
  });

  it('weighted voting sums verifier scores per answer', async () => {
    const { result, verifier } = await runScripted(majority, TREE, { n: 40, weighted: true }, {}, 5);
    expect(result.answer).toBe('9');
    expect(verifier.scored).toHaveLength(40);
  });

  it('returns no answer when no rollout ends with one', async () => {
    const { result } = await runScripted(majority, { children: { root: ['x'], x: [] } }, { n: 3 });
    expect(result.best).toBeNull();
    expect(result.answer).toBeNull();
  });
});
