import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { clusterAnswers } from './cluster-answers.js';
import { problemSampleMetrics, type ScoredSample } from './sample-metrics.js';
import { parseNumber } from './test-support/arithmetic-task.js';

/** Exact expectation over all k-subsets (the definition the Monte-Carlo estimate targets). */
function exactOverSubsets(samples: ScoredSample[], k: number, value: (subset: ScoredSample[]) => number): number {
  let total = 0, count = 0;
  const pick = (start: number, chosen: ScoredSample[]) => {
    if (chosen.length === k) {
      total += value(chosen);
      count++;
      return;
    }
    for (let i = start; i < samples.length; i++) pick(i + 1, [...chosen, samples[i]!]);
  };
  pick(0, []);
  return total / count;
}

function majority(subset: ScoredSample[]): number {
  const counts = new Map<number, { n: number; correct: boolean }>();
  for (const s of subset) if (s.cluster >= 0) counts.set(s.cluster, { n: (counts.get(s.cluster)?.n ?? 0) + 1, correct: s.correct });
  const best = Math.max(0, ...[...counts.values()].map((c) => c.n));
  const top = [...counts.values()].filter((c) => c.n === best && best > 0);
  return top.length === 0 ? 0 : top.filter((c) => c.correct).length / top.length;
}

const numeric = (a: string, b: string) => parseNumber(a) !== null && parseNumber(a) === parseNumber(b);

describe('maj@k over answers clustered by equivalence', () => {
  it('counts equivalent answers written differently as one vote', async () => {
    // Gold 1/2. Three ways of writing it, against a repeated wrong answer "2".
    const answers = ['1/2', '2', '0.5', '2', '2/4', null, '2'];
    const correct = answers.map((a) => a !== null && parseNumber(a) === 0.5);
    const byString = answers.map((a) => a);
    const clusters = await clusterAnswers(answers, numeric);
    expect(new Set(clusters.filter((_, i) => correct[i]))).toEqual(new Set([clusters[0]]));
    const samples = answers.map((_, i) => ({ cluster: clusters[i]!, correct: correct[i]! }));
    const m = problemSampleMetrics(samples, [1, 7], createRandom(1));
    // All 7: "1/2" family has 3 votes, "2" has 3 votes -> a tie, half credit.
    expect(m.maj[1]).toBeCloseTo(0.5, 12);
    expect(m.maj[0]).toBeCloseTo(3 / 7, 12);
    // Clustering by string would make "2" win outright.
    const stringClusters = await clusterAnswers(byString, (a, b) => a === b);
    const wrong = problemSampleMetrics(answers.map((_, i) => ({ cluster: stringClusters[i]!, correct: correct[i]! })), [7], createRandom(1));
    expect(wrong.maj[0]).toBe(0);
  });

  it('estimates maj@k between 1 and n close to the exact expectation over all subsets', () => {
    const pattern = [0, 1, 0, 2, 1, 0, -1, 1, 3, 0];
    const samples = pattern.map((cluster) => ({ cluster, correct: cluster === 0 }));
    const m = problemSampleMetrics(samples, [1, 2, 4, 8, 10], createRandom('mc'), 4000);
    for (const [slot, k] of [[1, 2], [2, 4], [3, 8]] as const) {
      expect(m.maj[slot]).toBeCloseTo(exactOverSubsets(samples, k, majority), 1);
      expect(Math.abs(m.maj[slot]! - exactOverSubsets(samples, k, majority))).toBeLessThan(0.02);
    }
    expect(m.maj[4]).toBeCloseTo(majority(samples), 12);
  });

  it('picks best-of-k by score and weighted best-of-k by summed cluster scores', () => {
    // The single best-scored sample is wrong, but the right cluster has more total score.
    const samples: ScoredSample[] = [
      { cluster: 0, correct: true, score: 0.6 },
      { cluster: 0, correct: true, score: 0.6 },
      { cluster: 1, correct: false, score: 0.9 },
      { cluster: 2, correct: false, score: 0.1 },
    ];
    const m = problemSampleMetrics(samples, [1, 2, 4], createRandom(2), 4000);
    expect(m.bon![2]).toBe(0);
    expect(m.weightedBon![2]).toBe(1);
    expect(m.bon![0]).toBeCloseTo(0.5, 12);
    const bon2 = exactOverSubsets(samples, 2, (s) => {
      const best = Math.max(...s.map((x) => x.score!));
      const top = s.filter((x) => x.score === best);
      return top.filter((x) => x.correct).length / top.length;
    });
    expect(Math.abs(m.bon![1]! - bon2)).toBeLessThan(0.03);
  });

  it('leaves bon@k out when some sample has no score, and is seeded', () => {
    const samples = [{ cluster: 0, correct: true, score: 0.3 }, { cluster: 1, correct: false }];
    expect(problemSampleMetrics(samples, [1, 2], createRandom(1)).bon).toBeUndefined();
    const many = Array.from({ length: 20 }, (_, i) => ({ cluster: i % 4, correct: i % 4 === 0 }));
    expect(problemSampleMetrics(many, [4], createRandom('s')).maj).toEqual(problemSampleMetrics(many, [4], createRandom('s')).maj);
  });
});

describe('clusterAnswers', () => {
  it('asks the grader only among wrong answers when correctness is known', async () => {
    let calls = 0;
    const eq = (a: string, b: string) => {
      calls++;
      return numeric(a, b);
    };
    const answers = ['3', '3.0', '6/2', '4', '8/2', '5', '3'];
    const correct = answers.map((a) => parseNumber(a) === 3);
    const clusters = await clusterAnswers(answers, eq, correct);
    expect(clusters).toEqual([0, 0, 0, 1, 1, 2, 0]);
    expect(calls).toBe(2); // '8/2' vs '4', '5' vs '4'; '5' vs '8/2' is never needed
  });
});
