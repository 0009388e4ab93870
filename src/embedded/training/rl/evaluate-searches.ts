import type { EmbeddedModel } from '../../model/embedded-model.js';
import { runEmbeddedBatch } from '../../reasoner/embedded-reasoner.js';
import type { RlProblem } from './rl-problem.js';

/** Per puzzle: how many of its searches solved it, and the tokens they wrote. */
export interface PuzzleSearches {
  solved: number;
  samples: number;
  tokens: number;
  solvedTokens: number;
}

/**
 * Runs `samples` in-context searches per puzzle (greedy when temperature is 0: then one
 * search is enough) exactly as inference does (runEmbeddedBatch: constrained
 * tool-integrated decoding at the model's stored threshold), decoding many puzzles'
 * searches together (batches of 64 across puzzles), `chunk` puzzles at a time. Search i of
 * puzzle j draws from `${seed}:${j}:${i}`, as RL's rollouts do. `fold`: searches fold their
 * context when it fills and go on (at the model's folded threshold).
 */
export async function evaluateSearches(
  model: EmbeddedModel, puzzles: readonly RlProblem[],
  options: { temperature: number; samples: number; seed: string; fold?: boolean; chunk?: number; onChunk?: (done: number) => void },
): Promise<PuzzleSearches[]> {
  const out: PuzzleSearches[] = [];
  const chunk = options.chunk ?? 32;
  for (let start = 0; start < puzzles.length; start += chunk) {
    const part = puzzles.slice(start, start + chunk);
    const attempts = await runEmbeddedBatch(part, {
      model, samples: options.samples, temperature: options.temperature, batchSize: 64,
      seeds: part.map((_, g) => `${options.seed}:${start + g}`), ...(options.fold ? { fold: true } : {}),
    });
    for (const mine of attempts) {
      out.push({
        solved: mine.filter((a) => a.solved).length,
        samples: mine.length,
        tokens: mine.reduce((s, a) => s + a.sample.modelTokens, 0),
        solvedTokens: mine.filter((a) => a.solved).reduce((s, a) => s + a.sample.modelTokens, 0),
      });
    }
    options.onChunk?.(Math.min(puzzles.length, start + chunk));
  }
  return out;
}
