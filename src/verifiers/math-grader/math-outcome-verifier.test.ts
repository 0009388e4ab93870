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

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(mathOutcomeVerifier('1').score(['1'], createContext({ signal: controller.signal }))).rejects.toThrow(/abort/i);
  });
});
