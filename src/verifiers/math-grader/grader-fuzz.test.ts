import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casEqual } from './cas-equal.js';
import { createRandom } from '../../core/random.js';
import { grade, type GradeResult } from './grade.js';
import { GraderPool } from './grader-pool.js';
import { randomLatex } from './latex-fuzz.js';

// The property test of the grader over seeded random LaTeX (see latex-fuzz.ts): it never
// throws, never needs long for a small answer, and its verdict does not depend on which
// side is the gold answer. Answers are compared as given (no extraction), since gold and
// prediction are extracted from by different rules.
const PAIRS = 400;
/** The pool's default per-check limit (grade --timeout). */
const TIMEOUT_MS = 2000;
const random = createRandom('grader-fuzz');
const pairs = Array.from({ length: PAIRS }, (_, i) => {
  const a = randomLatex(random);
  // Some pairs share a side, or a side with a small edit, so that equal verdicts occur too.
  const kind = i % 4;
  const b = kind === 0 ? a : kind === 1 ? a.replace(/\d/, (d) => String((Number(d) + 1) % 10)) : kind === 2 ? a.replace(/\s+/g, '') : randomLatex(random);
  return { a, b };
});

const timed = (a: string, b: string): { result: GradeResult; ms: number } => {
  const started = performance.now();
  const result = grade(a, b, { extract: 'never' });
  return { result, ms: performance.now() - started };
};

describe('grader fuzz', () => {
  const pool = new GraderPool({ size: 1, timeoutMs: TIMEOUT_MS, gradeOptions: { extract: 'never' } });
  afterAll(() => pool.close());
  // In-process, the computer-algebra system loads on first use; a worker loads it before it takes checks.
  beforeAll(() => void casEqual('1', '1'));

  it(`never throws, stays under the ${TIMEOUT_MS} ms limit, and is symmetric over ${PAIRS} random pairs`, () => {
    const asymmetric: string[] = [];
    let slowest = 0;
    for (const { a, b } of pairs) {
      const forward = timed(a, b);
      const backward = timed(b, a);
      slowest = Math.max(slowest, forward.ms, backward.ms);
      expect(forward.ms, `${a}  vs  ${b}`).toBeLessThan(TIMEOUT_MS);
      expect(backward.ms, `${b}  vs  ${a}`).toBeLessThan(TIMEOUT_MS);
      if (forward.result.equal !== backward.result.equal) asymmetric.push(`${a}  vs  ${b}: ${forward.result.reason} / ${backward.result.reason}`);
      // The same text is always equal to itself.
      if (a === b && a.trim() !== '') expect(forward.result.equal, a).toBe(true);
    }
    expect(asymmetric).toEqual([]);
    expect(slowest).toBeLessThan(TIMEOUT_MS);
  }, 120_000);

  it('through the worker pool: every check answers with a verdict, none with an error', async () => {
    const results = await pool.gradeMany(pairs.slice(0, 150).map(({ a, b }) => ({ gold: a, pred: b })));
    expect(results).toHaveLength(150);
    expect(results.filter((r) => r.reason === 'error' || r.reason === 'timeout')).toEqual([]);
  }, 60_000);
});
