import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../core/random.js';
import { KvDecoder } from '../decoder.js';
import { generateBatch } from '../generate-batch.js';
import { jsKernels, useKernels } from '../kernels.js';
import { Tokenizer } from '../tokenizer.js';
import { initParams, type TransformerConfig } from '../transformer.js';
import { ResidentDecoder } from './resident-decoder.js';

const config: TransformerConfig = { vocabSize: 20, dim: 24, layers: 2, heads: 3, context: 40, ffMult: 2, rope: true };

function maxDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('ResidentDecoder', () => {
  it('gives the JS reference decoder\'s logits (float rounding) across batches, forks, releases and chunks', () => {
    const params = initParams(config, createRandom('resident'));
    for (let i = 0; i < params.length; i++) params[i]! *= 3;
    useKernels(jsKernels);
    try {
      const ref = new KvDecoder(config, params);
      const fast = new ResidentDecoder(config, params, 3);
      const random = createRandom('tokens');
      const r0 = ref.newSequence();
      const f0 = fast.newSequence();
      for (let t = 0; t < 5; t++) {
        const tok = random.int(20);
        expect(maxDiff(ref.step([r0], [tok]), fast.step([f0], [tok]))).toBeLessThan(1e-4);
      }
      // Forks of the prefilled prompt, five at a time (two chunks of the cap of 3).
      const rs = Array.from({ length: 5 }, () => ref.clone(r0));
      const fs = Array.from({ length: 5 }, () => fast.clone(f0));
      for (let t = 0; t < 30; t++) {
        const toks = rs.map(() => random.int(20));
        const a = ref.step(rs, toks).slice();
        const b = fast.step(fs, toks);
        expect(maxDiff(a, b)).toBeLessThan(1e-4);
        if (t === 10) {
          // A released slot is reused by a fresh fork without disturbing the others.
          fast.release(fs[2]!);
          fs[2] = fast.clone(f0);
          rs[2] = ref.clone(r0);
          for (let u = 0; u < 11; u++) {
            const tok = random.int(20);
            expect(maxDiff(ref.step([rs[2]!], [tok]).slice(), fast.step([fs[2]!], [tok]))).toBeLessThan(1e-4);
          }
        }
        if (rs[0]!.length >= config.context - 1) break;
      }
      // Weights changed in place are seen after reload().
      for (let i = 0; i < params.length; i += 7) params[i]! *= -1;
      fast.reload();
      const ref2 = new KvDecoder(config, params);
      expect(maxDiff(ref2.step([ref2.newSequence()], [3]).slice(), fast.step([fast.newSequence()], [3]))).toBeLessThan(1e-4);
    } finally {
      useKernels('wasm');
    }
  });

  it('samples the same texts as the JS reference decoder', async () => {
    const vocab = Array.from({ length: 20 }, (_, i) => (i === 0 ? ' ' : String.fromCharCode(96 + i)));
    const params = initParams(config, createRandom('texts'));
    for (let i = 0; i < params.length; i++) params[i]! *= 3;
    const tokenizer = new Tokenizer(vocab);
    const options = { prompt: 'abc', n: 12, temperature: 1, maxTokens: 30, seed: 5, batchSize: 8 };
    useKernels(jsKernels);
    try {
      const reference = await generateBatch(new KvDecoder(config, params), tokenizer, options);
      const resident = await generateBatch(new ResidentDecoder(config, params), tokenizer, options);
      expect(resident.map((s) => s.text)).toEqual(reference.map((s) => s.text));
    } finally {
      useKernels('wasm');
    }
  });
});
