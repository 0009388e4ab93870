import type { EmbeddedModel } from '../model/embedded-model.js';
import { runEmbeddedAttempts, runEmbeddedBatch } from '../reasoner/embedded-reasoner.js';

/** Numbers (target from the options, 24 by default), or a problem with its own target and rules. */
export type EvalPuzzle = readonly number[] | { readonly numbers: readonly number[]; readonly target: number; readonly integer?: boolean };

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
  puzzles: readonly EvalPuzzle[],
  options: { samples?: number; temperature?: number; seed?: string | number; target?: number; valueThreshold?: number; fold?: boolean; signal?: AbortSignal; onPuzzle?: (i: number) => void } = {},
): Promise<ReasonerEval> {
  const started = performance.now();
  let solved1 = 0;
  let solvedK = 0;
  let tokens1 = 0;
  let tokensK = 0;
  const k = options.samples ?? 0;
  const problems = puzzles.map((puzzle) => ('numbers' in puzzle
    ? { numbers: puzzle.numbers, target: puzzle.target, ...(puzzle.integer ? { integer: true } : {}) }
    : { numbers: puzzle, target: options.target ?? 24 }));
  const shared = {
    model,
    ...(options.valueThreshold !== undefined ? { valueThreshold: options.valueThreshold } : {}),
    ...(options.fold ? { fold: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // Greedy searches of all puzzles decoded together (batched), 64 at a time.
  for (let from = 0; from < problems.length; from += 64) {
    const chunk = problems.slice(from, from + 64);
    const greedy = await runEmbeddedBatch(chunk, { ...shared, samples: 1, temperature: 0 });
    for (const [j, [g]] of greedy.entries()) {
      if (g!.solved) solved1++;
      tokens1 += g!.sample.modelTokens;
      options.onPuzzle?.(from + j);
    }
  }
  if (k > 0) {
    for (const [i, p] of problems.entries()) {
      const sampled = await runEmbeddedAttempts(p.numbers, { ...shared, target: p.target, ...(p.integer ? { integer: true } : {}), samples: k, temperature: options.temperature ?? 1, seed: `${options.seed ?? 0}:${i}` });
      if (sampled.some((a) => a.solved)) solvedK++;
      tokensK += sampled.reduce((s, a) => s + a.sample.modelTokens, 0);
    }
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
