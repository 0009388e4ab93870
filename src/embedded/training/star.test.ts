import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStar } from './star.js';
import { trainReasoner } from './train-reasoner.js';

describe('runStar', () => {
  it('samples, verifies, retrains from the current weights and scores held-out puzzles per round, resumably', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-star-'));
    const small = { format: 'metacot' as const, objective: 'trace' as const, dim: 16, layers: 1, heads: 2, context: 320, batch: 2, lr: 3e-3, perProblem: 1 };
    const start = await trainReasoner({ ...small, steps: 2, seed: 1, out: join(dir, 'start.mct'), resume: false });
    const rounds: number[] = [];
    const { reports, checkpoint } = await runStar(start, {
      iterations: 1, problems: 3, samples: 2, temperature: 1, steps: 2, seed: 1, evalPuzzles: 2,
      out: join(dir, 'star.mct'), train: small, onIteration: (r) => rounds.push(r.iteration),
    });
    expect(rounds).toEqual([0, 1]);
    expect(reports[1]!.sampled).toBe(6);
    expect(reports[1]!.verified).toBeLessThanOrEqual(6);
    expect(reports[1]!.heldOutPass1).toBeGreaterThanOrEqual(0);
    expect(checkpoint.adam?.step).toBe(2);
    expect(checkpoint.params).not.toEqual(start.params);
    // A second run over the same folder finds every step done and redoes none of them.
    const again: number[] = [];
    const resumed = await runStar(start, {
      iterations: 1, problems: 3, samples: 2, temperature: 1, steps: 2, seed: 1, evalPuzzles: 2,
      out: join(dir, 'star.mct'), train: small, onIteration: (r) => again.push(r.iteration),
    });
    expect(again).toEqual([0]);
    expect(resumed.reports).toEqual(reports);
    expect(resumed.checkpoint.params).toEqual(checkpoint.params);
  }, 60_000);
});
