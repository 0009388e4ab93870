import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { bootstrapMean, bootstrapMeans } from './bootstrap-ci.js';
import { parseJsonl } from './jsonl-lines.js';
import { kValues } from './pass-at-k.js';
import { problemSampleMetrics } from './sample-metrics.js';
import { scoreItems, type ScoringItem } from './score-items.js';

const item = (id: string, level: number, correct: boolean | null, verdicts: boolean[], tokens: number[]): ScoringItem => ({
  id,
  level,
  subject: level === 1 ? 'algebra' : 'geometry',
  correct,
  candidates: verdicts.map((c, i) => ({ cluster: c ? 0 : i + 1, correct: c, score: c ? 0.8 : 0.3, tokens: tokens[i]!, steps: 2 })),
  tokensIn: 10,
  tokensOut: tokens.reduce((a, b) => a + b, 0),
  steps: 2 * verdicts.length,
  policyCalls: verdicts.length,
  verifierCalls: verdicts.length,
});

describe('scoreItems', () => {
  const items = [
    item('a', 1, true, [true, true, false, false], [10, 10, 10, 10]),
    item('b', 1, false, [false, false, false, false], [20, 20, 20, 20]),
    item('c', 2, true, [true, false, false, false], [100, 100, 100, 100]),
  ];

  it('reports accuracy, pass@k, maj@k, bon@k by k with intervals, compute and breakdowns', () => {
    const r = scoreItems(items, { seed: 1, bootstrap: 200 });
    expect(r.problems).toBe(3);
    expect(r.samples).toBe(12);
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
    expect(r.mean_accuracy).toBeCloseTo(3 / 12, 12);
    expect(Object.keys(r['pass@k'])).toEqual(['1', '2', '4']);
    expect(r['pass@k']['1']).toBeCloseTo((0.5 + 0 + 0.25) / 3, 12);
    expect(r['pass@k']['2']).toBeCloseTo(((1 - 1 / 6) + 0 + 0.5) / 3, 12);
    expect(r['pass@k']['4']).toBeCloseTo(2 / 3, 12);
    // a: 2 right (one cluster) vs two singletons -> right; c: four singletons tie -> 1/4.
    expect(r['maj@k']['4']).toBeCloseTo((1 + 0 + 0.25) / 3, 12);
    expect(r['bon@k']!['4']).toBeCloseTo(2 / 3, 12);
    const [lo, hi] = r.ci['pass@k']['4']!;
    expect(lo).toBeLessThanOrEqual(r['pass@k']['4']!);
    expect(hi).toBeGreaterThanOrEqual(r['pass@k']['4']!);
    expect(r.compute.tokens_out_mean).toBeCloseTo((40 + 80 + 400) / 3, 12);
    expect(r.by_level['1']).toMatchObject({ problems: 2, accuracy: 0.5, tokens_out_mean: 60 });
    expect(r.by_level['2']).toMatchObject({ problems: 1, accuracy: 1, tokens_out_mean: 400 });
    expect(Object.keys(r.by_subject)).toEqual(['algebra', 'geometry']);
    expect(scoreItems(items, { seed: 1, bootstrap: 200 })).toEqual(r);
  });

  it('discounts reward by gamma^tokens or gamma^steps', () => {
    const r = scoreItems(items, { discount: { gamma: 0.99, by: 'tokens' }, bootstrap: 0 });
    expect(r.discounted!.accuracy).toBeCloseTo((0.99 ** 40 + 0 + 0.99 ** 400) / 3, 12);
    expect(r.discounted!.mean_accuracy).toBeCloseTo((2 * 0.99 ** 10 + 0.99 ** 100) / 12, 12);
    const s = scoreItems(items, { discount: { gamma: 0.5, by: 'steps' }, bootstrap: 0 });
    expect(s.discounted!.accuracy).toBeCloseTo((0.5 ** 8 + 0.5 ** 8) / 3, 12);
  });

  it('gives null accuracy and no bon@k for unscored samples files', () => {
    const plain = items.map((it) => ({ ...it, correct: null, candidates: it.candidates.map((c) => ({ ...c, score: null })) }));
    const r = scoreItems(plain, { bootstrap: 0 });
    expect(r.accuracy).toBeNull();
    expect(r['bon@k']).toBeUndefined();
    expect(r.by_level['1']!.accuracy).toBeCloseTo(2 / 8, 12);
  });
});

describe('bootstrap intervals', () => {
  it('agree between the single and the paired version, and cover the mean', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const one = bootstrapMean(values, createRandom(4), { resamples: 500 });
    const [paired] = bootstrapMeans([values], createRandom(4), { resamples: 500 });
    expect(paired!.mean).toBeCloseTo(one.mean, 12);
    expect(Math.abs(paired!.ci[0] - one.ci[0])).toBeLessThan(0.03);
    expect(paired!.ci[0]).toBeLessThan(paired!.mean);
    expect(paired!.ci[1]).toBeGreaterThan(paired!.mean);
    // Normal approximation: half-width about 1.96 * sqrt(p(1-p)/n) = 0.065.
    expect(paired!.ci[1] - paired!.ci[0]).toBeGreaterThan(0.09);
    expect(paired!.ci[1] - paired!.ci[0]).toBeLessThan(0.17);
  });
});

describe('parseJsonl', () => {
  it('skips blank lines, accepts a hand-written file without a final newline, and names bad lines', () => {
    expect(parseJsonl('{"a":1}\n\n{"a":2}', 'f.jsonl').lines.map((l) => l.line)).toEqual([1, 3]);
    expect(() => parseJsonl('{"a":1}\n{"a":\n{"a":3}\n', 'f.jsonl')).toThrow(/f\.jsonl:2: malformed JSON/);
  });

  it('drops only a torn last line when asked to, reporting where the valid part ends', () => {
    const parsed = parseJsonl('{"a":1}\n{"a":2}\n{"a', 'records.jsonl', { tolerateTornTail: true });
    expect(parsed.lines).toHaveLength(2);
    expect(parsed.tornTail).toBe(true);
    expect(parsed.validBytes).toBe(16);
    expect(() => parseJsonl('{"a":1}\n{"a\n{"a":3}\n', 'records.jsonl', { tolerateTornTail: true })).toThrow(/records\.jsonl:2/);
  });
});

describe('scoring problem by problem', () => {
  it('gives every problem the values it would get among all the k of the run, whatever its own sample count', () => {
    const random = createRandom('mixed');
    const items: ScoringItem[] = [1, 3, 5, 8, 13, 2].map((n, p) => ({
      id: `p${p}`, level: null, subject: null, correct: p % 2 === 0,
      candidates: Array.from({ length: n }, (_, i) => ({ cluster: random.int(3) - (i === 0 ? 1 : 0), correct: random.next() < 0.4, score: random.next(), tokens: 5, steps: 1 })),
      tokensIn: 1, tokensOut: 5 * n, steps: n, policyCalls: n, verifierCalls: n,
    }));
    const report = scoreItems(items, { seed: 3, resamples: 40, bootstrap: 0 });
    // The reference: every problem's metrics computed at the run's own k values.
    const ks = kValues(13);
    const direct = items.map((it) => problemSampleMetrics(it.candidates, ks, createRandom(`3/subsets/${it.id}`), 40));
    ks.forEach((k, i) => {
      const mean = (pick: (m: (typeof direct)[number]) => number[] | undefined) => direct.reduce((s, m) => s + pick(m)![i]!, 0) / direct.length;
      expect(report['pass@k'][String(k)]).toBe(mean((m) => m.pass));
      expect(report['maj@k'][String(k)]).toBe(mean((m) => m.maj));
      expect(report['bon@k']![String(k)]).toBe(mean((m) => m.bon));
      expect(report['weighted_bon@k']![String(k)]).toBe(mean((m) => m.weightedBon));
    });
  });
});
