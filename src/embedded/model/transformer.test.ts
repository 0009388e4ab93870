import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { Backprop } from './backprop.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { KvDecoder, logSoftmax } from './decoder.js';
import { generateBatch } from './generate-batch.js';
import { fitTokenizer } from './tokenizer.js';
import { trainLoop, type TrainExample } from './train-loop.js';
import { initParams, paramViews, type TransformerConfig } from './transformer.js';

const micro: TransformerConfig = { vocabSize: 12, dim: 16, layers: 2, heads: 2, context: 24, ffMult: 2, rope: true };

function microCheckpoint(): Checkpoint {
  return { config: micro, vocab: Array.from({ length: 12 }, (_, i) => (i === 0 ? ' ' : String.fromCharCode(96 + i))), params: initParams(micro, createRandom('init')), meta: {} };
}

/** Sequences of a simple rule (each token is the previous plus one, mod 12) that a micro model learns in a few steps. */
function examples(): TrainExample[] {
  const r = createRandom('data');
  return Array.from({ length: 16 }, () => {
    const start = r.int(12);
    const tokens = Array.from({ length: 12 }, (_, i) => (start + i) % 12);
    return { tokens, weights: Array.from({ length: 11 }, () => 1) };
  });
}

describe('embedded transformer', () => {
  it('computes gradients that match finite differences', () => {
    const params = initParams(micro, createRandom(1));
    for (let i = 0; i < params.length; i++) params[i]! *= 4;
    const bp = new Backprop(micro);
    const grads = new Float32Array(params.length);
    const tokens = [1, 3, 5, 2, 7, 9, 4];
    const weights = [1, 0.5, 1, 0, 1, 1];
    bp.run(paramViews(micro, params).view, paramViews(micro, grads).view, tokens, weights, 1);
    const loss = () => bp.run(paramViews(micro, params).view, paramViews(micro, new Float32Array(params.length)).view, tokens, weights, 1).loss;
    const r = createRandom(2);
    let worst = 0;
    for (let k = 0; k < 25; k++) {
      const i = r.int(params.length);
      const old = params[i]!;
      params[i] = old + 2e-3;
      const up = loss();
      params[i] = old - 2e-3;
      const down = loss();
      params[i] = old;
      const numeric = (up - down) / 4e-3;
      worst = Math.max(worst, Math.abs(numeric - grads[i]!) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grads[i]!)));
    }
    expect(worst).toBeLessThan(0.05);
  });

  it('trains: the loss of a micro model falls within a few steps', async () => {
    const ckpt = microCheckpoint();
    await trainLoop(ckpt, examples(), { steps: 40, batch: 4, lr: 1e-2, seed: 3, logEvery: 10 });
    const curve = ckpt.meta.curve as unknown as { loss: number }[];
    expect(curve).toHaveLength(4);
    expect(curve[3]!.loss).toBeLessThan(curve[0]!.loss * 0.6);
  });

  it('round-trips a checkpoint bit for bit, and a resumed run equals the uninterrupted one', async () => {
    const straight = microCheckpoint();
    await trainLoop(straight, examples(), { steps: 6, batch: 2, lr: 1e-2, seed: 5, logEvery: 3 });
    const first = microCheckpoint();
    let saved: Buffer | null = null;
    await trainLoop(first, examples(), {
      steps: 6, batch: 2, lr: 1e-2, seed: 5, logEvery: 3, checkpointEvery: 3,
      onCheckpoint: (c) => { saved ??= encodeCheckpoint(c); },
    });
    const restored = decodeCheckpoint(saved!);
    expect(encodeCheckpoint(decodeCheckpoint(saved!)).equals(saved!)).toBe(true);
    expect(restored.adam!.step).toBe(3);
    await trainLoop(restored, examples(), { steps: 6, batch: 2, lr: 1e-2, seed: 5, logEvery: 3 });
    expect(Buffer.from(restored.params.buffer).equals(Buffer.from(straight.params.buffer))).toBe(true);
  });

  it('decodes with a key/value cache exactly as the training forward pass scores', () => {
    const params = initParams(micro, createRandom(9));
    const tokens = [3, 1, 4, 1, 5, 9, 2, 6];
    const weights = tokens.slice(1).map(() => 1);
    const trained = new Backprop(micro).run(paramViews(micro, params).view, paramViews(micro, new Float32Array(params.length)).view, tokens, weights, 1);
    const decoder = new KvDecoder(micro, params);
    const seq = decoder.newSequence();
    let loss = 0;
    for (let i = 0; i + 1 < tokens.length; i++) loss -= logSoftmax(decoder.step([seq], [tokens[i]!]))[tokens[i + 1]!]!;
    expect(loss).toBeCloseTo(trained.loss, 3);
  });

  it('samples deterministically for a seed, in batches or one at a time', async () => {
    const tokenizer = fitTokenizer(['a b c d e f g h'], 1);
    const config = { ...micro, vocabSize: tokenizer.size };
    const decoder = new KvDecoder(config, initParams(config, createRandom(4)));
    const opts = { prompt: 'a b', n: 5, temperature: 1, maxTokens: 8, seed: 42 };
    const one = await generateBatch(decoder, tokenizer, opts);
    const two = await generateBatch(decoder, tokenizer, opts);
    const split = await generateBatch(decoder, tokenizer, { ...opts, batchSize: 2 });
    expect(one.map((s) => s.text)).toEqual(two.map((s) => s.text));
    expect(split.map((s) => s.text)).toEqual(one.map((s) => s.text));
    expect(new Set(one.map((s) => s.text)).size).toBeGreaterThan(1);
    expect(one.every((s) => s.modelTokens === 8 && s.finishReason === 'length')).toBe(true);
  });
});
