import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTree } from '../../core/parse-tree.js';
import { shippedModelPath } from '../model/embedded-model.js';
import { DEFAULT_REASONER, loadEmbeddedReasoner, runEmbeddedAttempts, runEmbeddedBatch, solveWithEmbedded } from './embedded-reasoner.js';
import { loadGame24 } from '../../tasks/game24/load-game24.js';

/** Held-out puzzles (24.csv ranks 901-1000) the shipped model solves with greedy decoding. */
const EASY_HELD_OUT: number[][] = [[3, 4, 6, 11], [1, 2, 4, 7], [4, 9, 10, 13]];

describe.runIf(existsSync(shippedModelPath(DEFAULT_REASONER)))('the shipped embedded reasoner', () => {
  it('loads and solves easy held-out puzzles offline, returning a valid trace tree', async () => {
    const model = loadEmbeddedReasoner();
    expect(model.id).toBe('embedded:game24-rl');
    const test = loadGame24({ split: 'test' }).map((p) => p.numbers.join(' '));
    for (const numbers of EASY_HELD_OUT) {
      expect(test).toContain(numbers.join(' '));
      const result = await solveWithEmbedded(numbers);
      expect(result.solved, result.text).toBe(true);
      const tree = parseTree(JSON.parse(JSON.stringify(result.tree)));
      expect(tree.model).toBe('embedded:game24-rl');
      expect(tree.verified).toBe(true);
      expect(tree.answer).toMatch(/=|\d/);
      expect(tree.nodes[tree.bestId!]!.flags.verified).toBe(true);
    }
  });

  it('is deterministic for a seed when sampling', async () => {
    const a = await solveWithEmbedded([4, 9, 10, 13], { samples: 3, temperature: 1, seed: 5 });
    const b = await solveWithEmbedded([4, 9, 10, 13], { samples: 3, temperature: 1, seed: 5 });
    expect(a.attempts.map((x) => x.text)).toEqual(b.attempts.map((x) => x.text));
  });

  it('decodes many problems in one batch exactly as one at a time', async () => {
    const model = loadEmbeddedReasoner();
    const problems = [[4, 9, 10, 13], [1, 2, 4, 7], [2, 3, 5, 12]].map((numbers) => ({ numbers, target: 24 }));
    const batched = await runEmbeddedBatch(problems, { model, batchSize: 2 });
    for (const [j, p] of problems.entries()) {
      const [alone] = await runEmbeddedAttempts(p.numbers, { model });
      expect(batched[j]![0]!.text).toBe(alone!.text);
      expect(batched[j]![0]!.solved).toBe(alone!.solved);
    }
    const sampled = await runEmbeddedBatch(problems.slice(0, 2), { model, samples: 2, temperature: 1, seeds: ['s0', 's1'] });
    const alone = await runEmbeddedAttempts(problems[1]!.numbers, { model, samples: 2, temperature: 1, seed: 's1' });
    expect(sampled[1]!.map((a) => a.text)).toEqual(alone.map((a) => a.text));
  });
});
