import { createRandom, shuffled } from '../../core/random.js';
import type { EmbeddedModel } from '../model/embedded-model.js';
import { evaluateReasoner, type EvalPuzzle } from './evaluate-reasoner.js';

export interface ThresholdScore {
  threshold: number;
  solved: number;
  puzzles: number;
}

export const THRESHOLD_CANDIDATES = [0.5, 0.4, 0.3, 0.2, 0.1, 0.05] as const;

/**
 * Picks the value threshold at which the model's single greedy in-context search solves
 * the most of `puzzles` (training puzzles: the test split never tunes anything). Ties go
 * to the higher threshold (fewer dead states searched). `fold`: for folded searches, which
 * may spend several contexts (see runEmbeddedAttempts' `fold`).
 */
export async function calibrateValueThreshold(
  model: EmbeddedModel, puzzles: readonly EvalPuzzle[],
  options: { puzzles?: number; target?: number; seed?: string | number; candidates?: readonly number[]; fold?: boolean; signal?: AbortSignal } = {},
): Promise<{ threshold: number; scores: ThresholdScore[] }> {
  const picked = shuffled(puzzles, createRandom(`${options.seed ?? 1}:calibrate`)).slice(0, options.puzzles ?? 100);
  const scores: ThresholdScore[] = [];
  for (const threshold of options.candidates ?? THRESHOLD_CANDIDATES) {
    const { pass1 } = await evaluateReasoner(model, picked, {
      valueThreshold: threshold, ...(options.fold ? { fold: true } : {}), ...(options.target !== undefined ? { target: options.target } : {}), ...(options.signal ? { signal: options.signal } : {}),
    });
    scores.push({ threshold, solved: Math.round(pass1 * picked.length), puzzles: picked.length });
  }
  const best = scores.reduce((a, b) => (b.solved > a.solved || (b.solved === a.solved && b.threshold > a.threshold) ? b : a));
  return { threshold: best.threshold, scores };
}
