import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import { bestFirst } from '../../search/best-first.js';
import { arithStateKey, applyMove } from '../../tasks/arith/arith-state.js';
import { isSolvable } from '../../tasks/arith/solve-arith.js';
import { legalMoves } from '../../tasks/arith/arith-steps.js';
import { logSoftmax } from '../model/decoder.js';
import { scoreContinuations } from './continuation-scores.js';
import { loadEmbeddedReasoner } from './embedded-reasoner.js';
import { modelGuide } from './guided-search.js';

const model = loadEmbeddedReasoner();

describe('model-guided search over every legal step (shipped game24-metacot)', () => {
  it('proposes exactly the legal steps, with priors that sum to one', async () => {
    for (const numbers of [[4, 9, 10, 13], [1, 4, 5, 6], [3, 3, 8, 8], [2, 2, 2, 2]]) {
      const guide = modelGuide(model, numbers, 24);
      const root = guide.problem.initialState();
      const steps = await guide.policy.propose(root, Infinity, createContext());
      const expected = new Set(legalMoves(root, 'rational').map((m) => arithStateKey(applyMove(root, m))));
      expect(new Set(steps.map((s) => arithStateKey(s.state)))).toEqual(expected);
      expect(steps.length).toBe(expected.size);
      const total = steps.reduce((sum, s) => sum + s.prior!, 0);
      expect(total).toBeCloseTo(1, 6);
      // Sorted by prior, likeliest first.
      for (let i = 1; i < steps.length; i++) expect(steps[i - 1]!.prior!).toBeGreaterThanOrEqual(steps[i]!.prior!);
    }
  });

  it('solves every solvable puzzle and proves the unsolvable ones have no solution', async () => {
    // Puzzles the shipped model fails greedily, and four with no solution.
    for (const numbers of [[1, 4, 5, 6], [3, 3, 8, 8], [1, 3, 4, 6], [2, 3, 5, 12], [1, 1, 1, 1], [5, 5, 5, 7], [13, 13, 13, 13], [1, 1, 2, 2]]) {
      const guide = modelGuide(model, numbers, 24);
      const result = await bestFirst.run(guide.problem, guide.policy, guide.verifier, {}, createContext({ seed: 1 }));
      const solvable = isSolvable(guide.problem.initialState(), 'rational');
      expect(result.verified).toBe(solvable);
      expect(result.stopReason).toBe(solvable ? 'solved' : 'exhausted');
      if (solvable) expect(guide.problem.check(result.answer!).ok).toBe(true);
    }
  });

  it('asks the model about each state once (transpositions share one entry)', async () => {
    const guide = modelGuide(model, [1, 1, 1, 1], 24);
    await bestFirst.run(guide.problem, guide.policy, guide.verifier, { dedupe: true }, createContext());
    // 1 1 1 1: the start and the distinct three-number states (1 1 2, 0 1 1, 1 1 1) — never a repeat.
    expect(guide.expansions()).toBe(4);
  });

  it('scores continuations as constrained decoding would, one token at a time', () => {
    const { tokenizer, decoder } = model;
    const prefix = tokenizer.encode('Use 4 9 10 13 to make 24.\n');
    const choices = ['13 - 9', '13 - 10', '10 + 4', '9 * 4'].map((t) => tokenizer.encode(t));
    const forced = tokenizer.encode(' =');
    const { scores } = scoreContinuations(decoder, prefix, choices.map((choice) => ({ choice, forced })));
    // Naive check: run each prefix token by token and renormalise over the allowed tokens.
    const logitsAfter = (ids: number[]) => {
      const seq = decoder.newSequence();
      let out = new Float32Array(0);
      for (const id of ids) out = decoder.step([seq], [id]).slice(0, decoder.config.vocabSize);
      return out;
    };
    choices.forEach((choice, c) => {
      let expected = 0;
      for (let t = 0; t < choice.length; t++) {
        const allowed = [...new Set(choices.filter((o) => o.slice(0, t).every((id, k) => id === choice[k])).map((o) => o[t]!))];
        const row = logitsAfter([...prefix, ...choice.slice(0, t)]);
        const lp = logSoftmax(Float32Array.from(allowed.map((id) => row[id]!)));
        expected += lp[allowed.indexOf(choice[t]!)]!;
      }
      expect(scores[c]!.logprob).toBeCloseTo(expected, 4);
      const row = logitsAfter([...prefix, ...choice, ...forced]);
      scores[c]!.logits!.forEach((v, i) => expect(v).toBeCloseTo(row[i]!, 3));
    });
    expect(scores.reduce((s, x) => s + Math.exp(x.logprob), 0)).toBeCloseTo(1, 6);
  });
});
