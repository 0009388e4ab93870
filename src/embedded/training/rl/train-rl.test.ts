import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../core/random.js';
import { loadCheckpoint, saveCheckpoint } from '../../model/checkpoint.js';
import { initParams, type TransformerConfig } from '../../model/transformer.js';
import { loadEmbeddedReasoner } from '../../reasoner/embedded-reasoner.js';
import { trainRl } from './train-rl.js';

const dir = mkdtempSync(join(tmpdir(), 'metacot-train-rl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('metacot rl end to end', () => {
  it('recalibrates the value threshold when the run ends, since RL moves the values it was set for', async () => {
    // A tiny random model over the shipped vocabulary, starting from an extreme threshold.
    const vocab = loadEmbeddedReasoner().checkpoint.vocab;
    const config: TransformerConfig = { vocabSize: vocab.length, dim: 16, layers: 1, heads: 2, context: 160, ffMult: 2, rope: true };
    const start = join(dir, 'start.mct');
    saveCheckpoint(start, { config, vocab, params: initParams(config, createRandom('train-rl'), vocab), meta: { format: 'metacot', valueThreshold: 0.99 } });
    const out = join(dir, 'rl.mct');
    const trained = await trainRl({
      model: start, task: 'game24', out, resume: false, calibrate: 3,
      settings: { problems: 2, k: 2, temperature: 1, iterations: 1, lr: 1e-3, minibatches: 1, clip: 0.2, kl: 0.05, tokenCost: 0.002, valueCredit: 0.1, seed: 't', threads: 1 },
    });
    const scores = trained.meta.calibration as { threshold: number; puzzles: number }[];
    expect(scores.map((s) => s.threshold)).toEqual([0.5, 0.4, 0.3, 0.2, 0.1, 0.05]);
    expect(scores.every((s) => s.puzzles === 3)).toBe(true);
    expect(scores.map((s) => s.threshold)).toContain(trained.meta.valueThreshold);
    // Saved with the checkpoint, where the sampling settings still hold the start's threshold.
    const saved = loadCheckpoint(out);
    expect(saved.meta.valueThreshold).toBe(trained.meta.valueThreshold);
    expect((saved.meta.rl as { settings: { valueThreshold: number } }).settings.valueThreshold).toBe(0.99);
  }, 60_000);

  it('starts a new run, with its own settings, from a model that RL already trained', async () => {
    const vocab = loadEmbeddedReasoner().checkpoint.vocab;
    const config: TransformerConfig = { vocabSize: vocab.length, dim: 16, layers: 1, heads: 2, context: 160, ffMult: 2, rope: true };
    const start = join(dir, 'chain-start.mct');
    saveCheckpoint(start, { config, vocab, params: initParams(config, createRandom('train-rl-chain'), vocab), meta: { format: 'metacot', valueThreshold: 0.5 } });
    const settings = { problems: 2, k: 2, temperature: 1, iterations: 2, lr: 1e-3, minibatches: 1, clip: 0.2, kl: 0.05, tokenCost: 0.002, valueCredit: 0, seed: 'c', threads: 1 };
    const first = join(dir, 'chain-1.mct');
    await trainRl({ model: start, task: 'game24', out: first, resume: false, calibrate: 0, settings });
    // Other settings and fewer iterations than the first run did: a new run that counts from 0.
    const second = join(dir, 'chain-2.mct');
    const trained = await trainRl({ model: first, task: 'game24', out: second, resume: true, calibrate: 0, settings: { ...settings, iterations: 1, lr: 3e-4, temperature: 0.7 } });
    const rl = trained.meta.rl as { iteration: number; curve: unknown[]; settings: { lr: number } };
    expect(rl.iteration).toBe(1);
    expect(rl.curve).toHaveLength(1);
    expect(rl.settings.lr).toBe(3e-4);
    expect(trained.meta.rlFrom).toBe(first);
    expect(trained.meta.rlEarlier).toEqual([{ from: start, command: null, iterations: 2 }]);
    expect(trained.params).not.toEqual(loadCheckpoint(first).params);
  }, 60_000);
});
