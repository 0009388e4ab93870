import { describe, expect, it } from 'vitest';
import { bestOfN } from './best-of-n.js';
import { runScripted } from './test-support/run-scripted.js';

const TREE = {
  children: { root: ['a', 'b', 'c'], a: ['a1', 'a2'], b: ['b1'], c: ['c1'] },
  values: { a1: 0.2, a2: 0.6, b1: 0.9, c1: 0.4 },
};

describe('best-of-n', () => {
  it('draws n independent rollouts, keeps them all, and lets the verifier pick', async () => {
    const { result, verifier } = await runScripted(bestOfN, TREE, { n: 12 }, {}, 2);
    const { nodes } = result.tree;
    expect(nodes.filter((n) => n.parentId === 0)).toHaveLength(12);
    const finals = nodes.filter((n) => n.flags.terminal);
    expect(finals).toHaveLength(12);
    expect(verifier.scored).toHaveLength(12); // one batch over the finals, nothing else
    const top = Math.max(...finals.map((n) => n.scores.value!));
    expect(result.best!.scores.value).toBe(top);
    expect(result.stopReason).toBe('completed');
  });

  it('prefers a verified answer over any verifier score', async () => {
    const { result } = await runScripted(bestOfN, { ...TREE, solutions: ['c1'] }, { n: 12 }, {}, 2);
    expect(result.answer).toBe('c1');
    expect(result.verified).toBe(true);
  });

  it('ends a rollout at maxDepth and scores the partial state', async () => {
    const { result, verifier } = await runScripted(bestOfN, { children: { root: ['a'], a: ['b'], b: ['c'] }, values: { a: 0.3 } }, { n: 2, maxDepth: 1 });
    expect(result.tree.nodes.map((n) => n.state)).toEqual(['root', 'a', 'a']);
    expect(verifier.scored).toEqual(['a', 'a']);
    expect(result.answer).toBeNull();
  });
});
