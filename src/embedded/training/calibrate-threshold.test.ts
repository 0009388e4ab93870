import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedModel } from '../model/embedded-model.js';
import { loadCheckpoint } from '../model/checkpoint.js';
import { calibrateValueThreshold } from './calibrate-threshold.js';
import { runEmbeddedAttempts, storedThreshold } from '../reasoner/embedded-reasoner.js';
import { trainReasoner } from './train-reasoner.js';

describe('value threshold calibration', () => {
  it('steers the values a model writes, is chosen on training puzzles and stored with the weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-calibrate-'));
    const out = join(dir, 'micro.mct');
    const small = { format: 'metacot' as const, objective: 'trace' as const, dim: 16, layers: 1, heads: 2, context: 320, batch: 2, lr: 3e-3, perProblem: 1 };
    const ckpt = await trainReasoner({ ...small, steps: 2, seed: 1, out, resume: false, calibratePuzzles: 2 });
    expect(typeof ckpt.meta.valueThreshold).toBe('number');
    expect(loadCheckpoint(out).meta.valueThreshold).toBe(ckpt.meta.valueThreshold);
    const model = createEmbeddedModel(ckpt, 'micro');
    expect(storedThreshold(model)).toBe(ckpt.meta.valueThreshold);

    // An untrained model's value logits are close: a threshold near 0 makes it write 1, near 1 write 0.
    const values = async (valueThreshold: number) => {
      const [a] = await runEmbeddedAttempts([4, 9, 10, 13], { model, valueThreshold, maxTokens: 60 });
      return a!.tool.nodes.flatMap((n) => (n.value === undefined ? [] : [n.value]));
    };
    const low = await values(1e-4);
    const high = await values(1 - 1e-4);
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((v) => v === 1)).toBe(true);
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((v) => v === 0)).toBe(true);

    const { threshold, scores } = await calibrateValueThreshold(model, [[4, 9, 10, 13], [1, 1, 4, 6]], { puzzles: 2, candidates: [0.5, 0.1] });
    expect(scores.map((s) => s.threshold)).toEqual([0.5, 0.1]);
    expect(scores.every((s) => s.puzzles === 2)).toBe(true);
    expect(scores.find((s) => s.threshold === threshold)!.solved).toBe(Math.max(...scores.map((s) => s.solved)));
  }, 60_000);
});
