import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../core/random.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../model/checkpoint.js';
import { loadEmbeddedReasoner } from '../../reasoner/embedded-reasoner.js';
import { initParams, type TransformerConfig } from '../../model/transformer.js';
import type { RlProblem } from './rl-problem.js';
import { runRl, type RlSettings } from './rl-loop.js';
import { sampleRollouts } from './rollouts.js';
import { KvDecoder } from '../../model/decoder.js';
import { Tokenizer } from '../../model/tokenizer.js';

// A tiny random model over the shipped reasoner's vocabulary: its searches are random but
// well-formed (constrained decoding), which is all the loop's bookkeeping needs.
const vocab = loadEmbeddedReasoner().checkpoint.vocab;
const config: TransformerConfig = { vocabSize: vocab.length, dim: 16, layers: 1, heads: 2, context: 160, ffMult: 2, rope: true };

function tiny(): Checkpoint {
  return { config, vocab, params: initParams(config, createRandom('rl-test'), vocab), meta: {} };
}

const problems: RlProblem[] = [[4, 9, 10, 13], [1, 2, 3, 4], [2, 3, 5, 12], [1, 1, 4, 6]].map((numbers) => ({ numbers, target: 24, integer: false }));
const settings: RlSettings = {
  problems: 2, k: 3, temperature: 1, iterations: 3, lr: 1e-2, minibatches: 2, clip: 0.2, kl: 0.05,
  tokenCost: 0.002, valueCredit: 0.1, seed: 'resume', valueThreshold: 0.5, threads: 1,
};

function copy(c: Checkpoint): Checkpoint {
  return decodeCheckpoint(encodeCheckpoint(c));
}

describe('RL loop', () => {
  it('records only what the model wrote as decisions', async () => {
    const ckpt = tiny();
    const tokenizer = new Tokenizer(vocab);
    const rollouts = await sampleRollouts(new KvDecoder(config, ckpt.params), tokenizer, problems.slice(0, 2), { temperature: 1, k: 2, seed: 's', valueThreshold: 0.5 });
    expect(rollouts).toHaveLength(4);
    for (const r of rollouts) {
      const prompt = tokenizer.encode('Use 4 9 10 13 to make 24.\n').length;
      for (const d of r.decisions) {
        expect(d.at + 1).toBeGreaterThanOrEqual(prompt);
        // The drawn token was one of the choices decoding allowed.
        if (d.allowed) expect([...d.allowed]).toContain(r.tokens[d.at + 1]);
      }
      expect(r.valueCheck.length).toBe(r.decisions.length);
    }
  });

  it('samples folded searches as one rollout per context, each replayable on its own, sharing the search\'s reward', async () => {
    const small = { ...config, context: 224 };
    const ckpt = { config: small, vocab, params: initParams(small, createRandom('rl-fold'), vocab), meta: {} };
    const tokenizer = new Tokenizer(vocab);
    const options = { temperature: 1, k: 4, seed: 'fold', valueThreshold: 0.5, fold: true };
    const rollouts = await sampleRollouts(new KvDecoder(small, ckpt.params), tokenizer, problems, options);
    const searches = rollouts.filter((r) => r.first);
    expect(searches).toHaveLength(problems.length * 4);
    const folded = searches.filter((s) => rollouts.filter((r) => r.group === s.group && r.sample === s.sample).length > 1);
    expect(folded.length).toBeGreaterThan(0);
    for (const r of rollouts) {
      expect(r.tokens.length).toBeLessThanOrEqual(small.context);
      for (const d of r.decisions) if (d.allowed) expect([...d.allowed]).toContain(r.tokens[d.at + 1]);
    }
    // A folded search read more than one context holds, and its later contexts start with the prompt.
    const long = folded[0]!;
    const pieces = rollouts.filter((r) => r.group === long.group && r.sample === long.sample);
    expect(pieces.reduce((n, r) => n + r.tokens.length, 0)).toBeGreaterThan(small.context);
    const later = pieces.find((r) => !r.first)!;
    expect(tokenizer.decode([...later.tokens]).startsWith(tokenizer.decode([...long.tokens]).split('\n')[0]!)).toBe(true);
    // The loop runs on them: an iteration moves the weights and counts searches, not contexts.
    const reference = copy(ckpt);
    const trained = await runRl(reference, copy(ckpt), { settings: { ...settings, iterations: 1, problems: 4, k: 4, fold: true }, problems });
    expect(Buffer.from(trained.params.buffer).equals(Buffer.from(reference.params.buffer))).toBe(false);
    const point = (trained.meta.rl as { curve: { solveRate: number; tokens: number }[] }).curve[0]!;
    expect(point.tokens).toBeGreaterThan(0);
    expect(point.solveRate).toBeLessThanOrEqual(1);
  }, 60_000);

  it('resumes after a kill to the same state as an uninterrupted run', async () => {
    const reference = tiny();
    const whole = await runRl(reference, copy(reference), { settings, problems });
    // Interrupted: the run is killed after its first checkpoint; only that file survives.
    let saved: Buffer | null = null;
    const controller = new AbortController();
    await expect(runRl(reference, copy(reference), {
      settings, problems, signal: controller.signal,
      onCheckpoint: (c) => {
        saved = encodeCheckpoint(c);
        controller.abort();
      },
    })).rejects.toThrow();
    const resumed = decodeCheckpoint(saved!);
    expect((resumed.meta.rl as { iteration: number }).iteration).toBe(1);
    const finished = await runRl(reference, resumed, { settings, problems });
    expect(Buffer.from(finished.params.buffer).equals(Buffer.from(whole.params.buffer))).toBe(true);
    expect(Buffer.from(finished.adam!.m.buffer).equals(Buffer.from(whole.adam!.m.buffer))).toBe(true);
    expect(finished.adam!.step).toBe(whole.adam!.step);
    const strip = (c: Checkpoint) => (c.meta.rl as { curve: { seconds: number }[] }).curve.map(({ seconds: _, ...rest }) => rest);
    expect(strip(finished)).toEqual(strip(whole));
    // And the run did move the weights.
    expect(Buffer.from(whole.params.buffer).equals(Buffer.from(reference.params.buffer))).toBe(false);
  }, 60_000);

  it('refuses to resume with other settings', async () => {
    const reference = tiny();
    const one = await runRl(reference, copy(reference), { settings: { ...settings, iterations: 1 }, problems });
    await expect(runRl(reference, one, { settings: { ...settings, lr: 1e-3 }, problems })).rejects.toThrow(/other RL settings/);
  }, 60_000);
});
