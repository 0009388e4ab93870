import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import { mathOutcomeVerifier } from './math-outcome-verifier.js';

describe('mathOutcomeVerifier', () => {
  it('scores solution states 1 when their final answer equals the gold answer', async () => {
    const verifier = mathOutcomeVerifier('\\frac{3}{4}');
    expect(verifier.kind).toBe('outcome');
    const scores = await verifier.score(
      ['We get $\\boxed{0.75}$.', 'So the answer is \\boxed{\\frac{4}{3}}.', 'Still thinking about it, nothing yet.'],
      createContext({ seed: 1 }),
    );
    expect(scores).toEqual([1, 0, 0]);
  });

  it('accepts any of several gold forms, in-process or through a pool', async () => {
    const { GraderPool } = await import('./grader-pool.js');
    const pool = new GraderPool({ size: 1 });
    try {
      const states = ['The answer is \\boxed{B}.', 'So it is \\boxed{\\frac{32}{3}}.', '\\boxed{A}'];
      const golds = ['B', '10\\frac{2}{3}'];
      expect(await mathOutcomeVerifier(golds).score(states, createContext())).toEqual([1, 1, 0]);
      expect(await mathOutcomeVerifier(golds, { pool }).score(states, createContext())).toEqual([1, 1, 0]);
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(mathOutcomeVerifier('1').score(['1'], createContext({ signal: controller.signal }))).rejects.toThrow(/abort/i);
  });
});
