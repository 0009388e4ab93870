import { afterAll, describe, expect, it } from 'vitest';
import { GraderPool } from './grader-pool.js';

describe('GraderPool', () => {
  const pool = new GraderPool({ size: 2, timeoutMs: 1500 });
  afterAll(() => pool.close());

  it('grades in worker threads and keeps input order', async () => {
    const results = await pool.gradeMany([
      { gold: '\\frac{1}{2}', pred: '0.5' },
      { gold: '3', pred: '4' },
      { gold: 'x^2+2x+1', pred: '(x+1)^2' },
    ]);
    expect(results.map((r) => r.equal)).toEqual([true, false, true]);
    expect(results[1]!.reason).toBe('different');
  }, 20_000);

  it('survives hostile inputs: huge factorials, deep nesting, megabyte strings', async () => {
    const nested = '\\frac{1}{'.repeat(3000) + '2' + '}'.repeat(3000);
    const huge = '1+'.repeat(500_000) + '1';
    const [fact, deep, big, after] = await Promise.all([
      pool.grade('100000!', '100000!+1'),
      pool.grade(nested, '1'),
      pool.grade(huge, '500001'),
      pool.grade('2', '2.0'),
    ]);
    for (const r of [fact, deep, big]) expect(r.equal).toBe(false);
    expect(['timeout', 'different', 'unparseable', 'error']).toContain(fact.reason);
    expect(after.equal).toBe(true);
  }, 30_000);

  it('reports a stuck check as a timeout and keeps working', async () => {
    const small = new GraderPool({ size: 1, timeoutMs: 20 });
    try {
      // 5000! has 16326 digits; its exact comparison outlasts a 20 ms limit.
      const stuck = await small.grade('\\frac{1}{5000!}+\\frac{1}{4999!}+\\frac{1}{4998!}+\\frac{1}{4997!}', '\\frac{1}{4997!}');
      expect(stuck).toMatchObject({ equal: false, reason: 'timeout' });
    } finally {
      await small.close();
    }
    const ok = await pool.grade('1/3', '\\frac{1}{3}');
    expect(ok.equal).toBe(true);
  }, 30_000);

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pool.grade('1', '1', {}, controller.signal)).rejects.toThrow(/abort/i);
  });
});
