import { createRandom, shuffled } from '../core/random.js';
import type { EmbeddedModel } from '../models/embedded/embedded-model.js';
import { runEmbeddedAttempts } from './embedded-reasoner.js';
import type { TraceProblem } from './reasoner-dataset.js';

export interface ThresholdScore {
  threshold: number;
  solved: number;
  puzzles: number;
}

export const THRESHOLD_CANDIDATES = [0.5, 0.4, 0.3, 0.2, 0.1, 0.05] as const;

/**
 * Picks the value threshold at which the model's single greedy in-context search solves
 * the most of `problems` (training puzzles: the test split never tunes anything). Ties go
 * to the higher threshold (fewer dead states searched).
 */
export async function calibrateValueThreshold(
  model: EmbeddedModel, problems: readonly TraceProblem[], options: { puzzles?: number; seed?: string | number; candidates?: readonly number[]; signal?: AbortSignal } = {},
): Promise<{ threshold: number; scores: ThresholdScore[] }> {
  const picked = shuffled(problems, createRandom(`${options.seed ?? 1}:calibrate`)).slice(0, options.puzzles ?? 100);
  const scores: ThresholdScore[] = [];
  for (const threshold of options.candidates ?? THRESHOLD_CANDIDATES) {
    let solved = 0;
    for (const p of picked) {
      const [attempt] = await runEmbeddedAttempts(p.numbers, {
        model, target: p.target, integer: p.integer ?? false, samples: 1, temperature: 0, valueThreshold: threshold,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (attempt!.solved) solved++;
    }
    scores.push({ threshold, solved, puzzles: picked.length });
  }
  const best = scores.reduce((a, b) => (b.solved > a.solved ? b : a));
  return { threshold: best.threshold, scores };
}
