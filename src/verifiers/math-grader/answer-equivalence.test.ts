import { describe, expect, it } from 'vitest';
import { loadCases, loadGradedPairs, loadJudgedWrongOnPurpose } from './answer-equivalence-suite.js';
import { grade } from './grade.js';

/** The regression suite: every labelled pair in data/answer_equivalence. */
describe('answer-equivalence regression', () => {
  it('graded_pairs.jsonl: at least 97% right and no wrong "equal" verdict', () => {
    const pairs = loadGradedPairs();
    expect(pairs.length).toBe(350);
    const wrong = pairs.filter((c) => grade(c.gold, c.pred, c.options).equal !== c.expected);
    const wrongEqual = wrong.filter((c) => !c.expected);
    const accuracy = 1 - wrong.length / pairs.length;
    const refs = (['math_verify', 'prm800k', 'qwen25_math'] as const).map(
      (k) => `${k} ${((100 * pairs.filter((c) => c.ref![k] === c.expected).length) / pairs.length).toFixed(1)}%`,
    );
    console.log(`graded_pairs: metacot ${(100 * accuracy).toFixed(1)}% (${wrongEqual.length} wrong equal); ${refs.join(', ')}`);
    expect(wrongEqual.map((c) => c.key)).toEqual([]);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('cases.jsonl: at least 95% right, and only the listed cases judged otherwise', () => {
    const cases = loadCases();
    const onPurpose = loadJudgedWrongOnPurpose();
    const wrong = cases.filter((c) => grade(c.gold, c.pred, c.options).equal !== c.expected).map((c) => c.key);
    const accuracy = 1 - wrong.length / cases.length;
    console.log(`cases: metacot ${(100 * accuracy).toFixed(1)}% of ${cases.length}; judged otherwise on purpose: ${onPurpose.size}`);
    expect(wrong.sort()).toEqual([...onPurpose.keys()].sort());
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
