import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../core/random.js';
import { Backprop, type PolicyDecision } from '../../model/backprop.js';
import { initParams, paramViews, type TransformerConfig } from '../../model/transformer.js';
import { decisionTerms, groupAdvantages, searchReward } from './grpo.js';
import { accumulatePolicyGradient } from './policy-gradient.js';
import type { Rollout } from './rollouts.js';

const micro: TransformerConfig = { vocabSize: 12, dim: 16, layers: 2, heads: 2, context: 24, ffMult: 2, rope: true };

/** A sampled sequence whose odd positions the "model" wrote (constrained to 3 choices) and even ones a tool. */
function rollout(tokens: number[], group: number): Rollout {
  const decisions: PolicyDecision[] = [];
  for (let at = 2; at < tokens.length - 1; at += 2) {
    const t = tokens[at + 1]!;
    decisions.push({ at, allowed: Int32Array.from([...new Set([t, (t + 1) % 12, (t + 5) % 12])].sort((a, b) => a - b)), bias: at === 4 ? [[t, 0.7]] : null });
  }
  return { group, sample: 0, first: true, tokens: Int32Array.from(tokens), decisions, oldLogp: new Float64Array(decisions.length), valueCheck: new Int8Array(decisions.length), solved: group === 0, modelTokens: decisions.length };
}

function logps(bp: Backprop, params: Float32Array, r: Rollout, temperature = 1): Float64Array {
  return bp.runPolicy(paramViews(micro, params).view, null, r.tokens, r.decisions, temperature, null, 0);
}

describe('GRPO pieces', () => {
  it('normalises rewards within each group; a group with equal rewards gets no advantage', () => {
    const adv = groupAdvantages([1, 0, 1, 0.5, 0.5], [0, 0, 0, 1, 1]);
    expect(adv[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(adv[1]).toBeCloseTo(-Math.SQRT2, 6);
    expect(adv.slice(3)).toEqual([0, 0]);
    expect(searchReward(true, 100, { tokenCost: 0.002 })).toBeCloseTo(0.8);
    expect(searchReward(false, 10, { tokenCost: 0 })).toBe(0);
  });

  it('bounded token reward: any solve outranks any failure, a shorter solve a longer one, and failing sooner earns nothing', () => {
    const bounded = { tokenCost: 0.002, tokenReward: 'bounded' as const };
    expect(searchReward(true, 100, bounded)).toBeCloseTo(1 / 1.2);
    expect(searchReward(true, 3000, bounded)).toBeGreaterThan(searchReward(false, 10, bounded));
    expect(searchReward(true, 100, bounded)).toBeGreaterThan(searchReward(true, 300, bounded));
    expect(searchReward(false, 10, bounded)).toBe(searchReward(false, 3000, bounded));
    // What the linear rule gets wrong on long searches: a slow solve below a quick failure.
    expect(searchReward(true, 1000, { tokenCost: 0.002 })).toBeLessThan(searchReward(false, 100, { tokenCost: 0.002 }));
  });

  it('clips the ratio on the side the advantage pushes, and the k3 KL is 0 at the reference and positive elsewhere', () => {
    expect(decisionTerms(1, Math.log(1.5), 0, Math.log(1.5), { clip: 0.2, kl: 0 })).toMatchObject({ clipped: true, coefficient: 0, kl: 0 });
    expect(decisionTerms(-1, Math.log(1.5), 0, Math.log(1.5), { clip: 0.2, kl: 0 }).coefficient).toBeCloseTo(-1.5);
    const t = decisionTerms(0, -1, -1, -2, { clip: 0.2, kl: 0.5 });
    expect(t.kl).toBeGreaterThan(0);
    // Pulls log π down toward the lower reference: a negative coefficient.
    expect(t.coefficient).toBeCloseTo(0.5 * (Math.exp(-1) - 1));
  });
});

describe('policy gradient through Backprop.runPolicy', () => {
  it('matches finite differences of Σ c·log π over the decisions (constrained, biased, tempered)', () => {
    const params = initParams(micro, createRandom(1));
    for (let i = 0; i < params.length; i++) params[i]! *= 4;
    const bp = new Backprop(micro);
    const r = rollout([1, 3, 5, 2, 7, 9, 4, 8, 0, 6], 0);
    const c = [1, -0.5, 2, 0.3];
    const grads = new Float32Array(params.length);
    bp.runPolicy(paramViews(micro, params).view, paramViews(micro, grads).view, r.tokens, r.decisions, 0.8, (k) => c[k]!, 1);
    const objective = () => -logps(bp, params, r, 0.8).reduce((s, lp, k) => s + c[k]! * lp, 0);
    const random = createRandom(2);
    let worst = 0;
    for (let n = 0; n < 25; n++) {
      const i = random.int(params.length);
      const old = params[i]!;
      params[i] = old + 2e-3;
      const up = objective();
      params[i] = old - 2e-3;
      const down = objective();
      params[i] = old;
      const numeric = (up - down) / 4e-3;
      worst = Math.max(worst, Math.abs(numeric - grads[i]!) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grads[i]!)));
    }
    expect(worst).toBeLessThan(0.05);
  });

  it('a step moves probability toward the rewarded sample and away from the other', () => {
    const params = initParams(micro, createRandom(3));
    const ref = params.slice();
    const bp = new Backprop(micro);
    const good = rollout([1, 3, 5, 2, 7, 9, 4, 8, 0, 6], 0);
    const bad = rollout([1, 3, 5, 4, 7, 1, 4, 11, 0, 2], 0);
    for (const r of [good, bad]) r.oldLogp = logps(bp, params, r);
    const [aGood, aBad] = groupAdvantages([searchReward(true, 4, { tokenCost: 0.01 }), searchReward(false, 4, { tokenCost: 0.01 })], [0, 0]);
    const grads = new Float32Array(params.length);
    const view = paramViews(micro, params).view;
    const stats = accumulatePolicyGradient(bp, view, paramViews(micro, ref).view, paramViews(micro, grads).view, [good, bad],
      [new Float64Array(4).fill(aGood!), new Float64Array(4).fill(aBad!)], 1, { clip: 0.2, kl: 0.1 }, 1 / 8);
    expect(stats.decisions).toBe(8);
    expect(stats.kl).toBeCloseTo(0, 12);
    const before = [good, bad].map((r) => logps(bp, params, r).reduce((s, x) => s + x, 0));
    for (let i = 0; i < params.length; i++) params[i]! -= 0.05 * grads[i]!;
    const after = [good, bad].map((r) => logps(bp, params, r).reduce((s, x) => s + x, 0));
    expect(after[0]!).toBeGreaterThan(before[0]!);
    expect(after[1]!).toBeLessThan(before[1]!);
  });

  it('gives no gradient to what the task wrote: the objective does not change with the tool tokens\' own probabilities', () => {
    const params = initParams(micro, createRandom(4));
    const bp = new Backprop(micro);
    const r = rollout([1, 3, 5, 2, 7, 9, 4, 8, 0, 6], 0);
    const grads = new Float32Array(params.length);
    bp.runPolicy(paramViews(micro, params).view, paramViews(micro, grads).view, r.tokens, r.decisions, 1, () => 1, 1);
    // The output-layer column of a token that only the tool wrote (5, at position 2) and
    // that no decision was allowed gets exactly zero gradient, as does everything that
    // only predicts the sequence's last (tool) token.
    const toolOnly = 5;
    expect(r.decisions.some((d) => d.allowed!.includes(toolOnly))).toBe(false);
    const { wout } = paramViews(micro, grads).view;
    for (let j = 0; j < micro.dim; j++) expect(wout[j * micro.vocabSize + toolOnly]).toBe(0);
    // The positional embedding of the last position (read only to predict nothing) is untouched.
    const { posEmb } = paramViews(micro, grads).view;
    for (let j = 0; j < micro.dim; j++) expect(posEmb[9 * micro.dim + j]).toBe(0);
  });
});
