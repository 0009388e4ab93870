import type { EmbeddedModel } from '../../model/embedded-model.js';
import { storedThreshold } from '../../reasoner/embedded-reasoner.js';
import type { RlProblem } from './rl-problem.js';
import { sampleRollouts } from './rollouts.js';

/** Per puzzle: how many of its searches solved it, and the tokens they wrote. */
export interface PuzzleSearches {
  solved: number;
  samples: number;
  tokens: number;
  solvedTokens: number;
}

/**
 * Runs `samples` in-context searches per puzzle (greedy when temperature is 0: then one
 * search is enough) with inference's constrained tool-integrated decoding, decoding many
 * puzzles' searches together (batches of 64 across puzzles), `chunk` puzzles at a time.
 */
export async function evaluateSearches(
  model: EmbeddedModel, puzzles: readonly RlProblem[], options: { temperature: number; samples: number; seed: string; chunk?: number; onChunk?: (done: number) => void },
): Promise<PuzzleSearches[]> {
  const out: PuzzleSearches[] = [];
  const chunk = options.chunk ?? 32;
  for (let start = 0; start < puzzles.length; start += chunk) {
    const part = puzzles.slice(start, start + chunk);
    const rollouts = await sampleRollouts(model.sampler, model.tokenizer, part, {
      temperature: options.temperature, k: options.samples, seed: options.seed, valueThreshold: storedThreshold(model), batchSize: 64,
    }, start);
    for (let g = 0; g < part.length; g++) {
      const mine = rollouts.filter((r) => r.group === start + g);
      out.push({
        solved: mine.filter((r) => r.solved).length,
        samples: mine.length,
        tokens: mine.reduce((s, r) => s + r.modelTokens, 0),
        solvedTokens: mine.filter((r) => r.solved).reduce((s, r) => s + r.modelTokens, 0),
      });
    }
    options.onChunk?.(Math.min(puzzles.length, start + chunk));
  }
  return out;
}
