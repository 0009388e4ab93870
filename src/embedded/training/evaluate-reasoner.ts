import type { EmbeddedModel } from '../model/embedded-model.js';
import { runEmbeddedAttempts } from '../reasoner/embedded-reasoner.js';

export interface ReasonerEval {
  puzzles: number;
  /** Greedy single in-context search. */
  pass1: number;
  /** At least one of k sampled searches verified (k = `samples`), when sampled. */
  passK: number | null;
  k: number;
  /** Model-written tokens per puzzle (greedy), and over all samples per solved puzzle. */
  tokensPerPuzzle: number;
  tokensPerSolved: number | null;
  seconds: number;
}

/**
 * Held-out accuracy of a model's in-context search: greedy pass@1 and, with `samples`,
 * pass@k over k sampled searches at `temperature` (each verified by the task's checker).
 */
export async function evaluateReasoner(
  model: EmbeddedModel,
  puzzles: readonly (readonly number[])[],
  options: { samples?: number; temperature?: number; seed?: string | number; target?: number; valueThreshold?: number; signal?: AbortSignal; onPuzzle?: (i: number) => void } = {},
): Promise<ReasonerEval> {
  const started = performance.now();
  let solved1 = 0;
  let solvedK = 0;
  let tokens1 = 0;
  let tokensK = 0;
  const k = options.samples ?? 0;
  for (const [i, numbers] of puzzles.entries()) {
    const common = {
      model, target: options.target ?? 24,
      ...(options.valueThreshold !== undefined ? { valueThreshold: options.valueThreshold } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const [greedy] = await runEmbeddedAttempts(numbers, { ...common, samples: 1, temperature: 0 });
    if (greedy!.solved) solved1++;
    tokens1 += greedy!.sample.modelTokens;
    if (k > 0) {
      const sampled = await runEmbeddedAttempts(numbers, { ...common, samples: k, temperature: options.temperature ?? 1, seed: `${options.seed ?? 0}:${i}` });
      if (sampled.some((a) => a.solved)) solvedK++;
      tokensK += sampled.reduce((s, a) => s + a.sample.modelTokens, 0);
    }
    options.onPuzzle?.(i);
  }
  const n = Math.max(1, puzzles.length);
  return {
    puzzles: puzzles.length,
    pass1: solved1 / n,
    passK: k > 0 ? solvedK / n : null,
    k,
    tokensPerPuzzle: tokens1 / n,
    tokensPerSolved: k > 0 && solvedK > 0 ? tokensK / solvedK : null,
    seconds: (performance.now() - started) / 1000,
  };
}
