import type { Json } from '../../core/json.js';
import { createRandom, shuffled } from '../../core/random.js';
import type { Checkpoint } from '../model/checkpoint.js';
import { createEmbeddedModel } from '../model/embedded-model.js';
import type { CurvePoint } from '../model/train-loop.js';
import { runEmbeddedAttempts } from '../reasoner/embedded-reasoner.js';
import { evaluateReasoner } from './evaluate-reasoner.js';
import { game24Split } from './game24-split.js';
import { promptFor, type ToolTrace, type TraceSegment } from '../reasoner/tool-trace.js';
import { trainReasoner, type TrainReasonerOptions } from './train-reasoner.js';

export interface StarOptions {
  iterations: number;
  /** Training puzzles sampled per iteration. */
  problems: number;
  /** Searches sampled per puzzle. */
  samples: number;
  temperature: number;
  /** Optimizer steps per retraining round. */
  steps: number;
  seed: string | number;
  /** Held-out puzzles scored after each round (the 24.csv test rows; default all 100). */
  evalPuzzles?: number;
  out: string;
  train: Omit<TrainReasonerOptions, 'out' | 'steps' | 'init' | 'resume' | 'extraTraces' | 'seed'>;
  onProgress?: (point: CurvePoint, totalSteps: number) => void;
  onIteration?: (report: StarIteration) => void;
  signal?: AbortSignal;
}

export interface StarIteration {
  iteration: number;
  sampled: number;
  /** Self-generated searches whose answer verified (kept). */
  verified: number;
  /** Puzzles with at least one verified search. */
  puzzlesSolved: number;
  /** Greedy held-out pass@1 after this round's retraining (iteration 0: before any). */
  heldOutPass1: number;
  trainingTraces: number;
}

/** An attempt's text as trace segments: what the model wrote is learned, the tool's text is context. */
export function attemptSegments(prompt: string, segments: readonly { text: string; tool: boolean }[]): TraceSegment[] {
  return [
    { text: prompt, role: 'prompt', wrong: false },
    ...segments.map((s): TraceSegment => ({ text: s.text, role: s.tool ? 'tool' : 'op', wrong: false })),
  ];
}

/**
 * Meta-STaR rounds: sample in-context searches from the current model on training
 * puzzles, keep those the task verifies, add them to the training traces, retrain from
 * the current weights, and score held-out puzzles after each round.
 */
export async function runStar(start: Checkpoint, options: StarOptions): Promise<{ reports: StarIteration[]; checkpoint: Checkpoint }> {
  const { train, test } = game24Split();
  const evalSet = test.slice(0, options.evalPuzzles ?? test.length).map((p) => p.numbers);
  const reports: StarIteration[] = [];
  let current = start;
  const own: Pick<ToolTrace, 'segments' | 'text'>[] = [];
  const baseline = await evaluateReasoner(createEmbeddedModel(current, 'star-0'), evalSet, options.signal ? { signal: options.signal } : {});
  const report0: StarIteration = { iteration: 0, sampled: 0, verified: 0, puzzlesSolved: 0, heldOutPass1: baseline.pass1, trainingTraces: 0 };
  reports.push(report0);
  options.onIteration?.(report0);
  for (let it = 1; it <= options.iterations; it++) {
    const model = createEmbeddedModel(current, `star-${it - 1}`);
    const picked = shuffled(train, createRandom(`${options.seed}:star:${it}`)).slice(0, options.problems);
    let sampled = 0;
    let verified = 0;
    let puzzlesSolved = 0;
    for (const [i, puzzle] of picked.entries()) {
      const attempts = await runEmbeddedAttempts(puzzle.numbers, {
        model, samples: options.samples, temperature: options.temperature, seed: `${options.seed}:${it}:${i}`,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      sampled += attempts.length;
      const good = attempts.filter((a) => a.solved);
      if (good.length > 0) puzzlesSolved++;
      // One verified search per puzzle, the shortest: the model should learn to search efficiently.
      const best = good.sort((a, b) => a.sample.modelTokens - b.sample.modelTokens)[0];
      if (best) {
        verified += good.length;
        own.push({ text: best.text, segments: attemptSegments(promptFor(puzzle.numbers, 24), best.sample.segments ?? []) });
      }
    }
    current = await trainReasoner({
      ...options.train,
      out: options.out,
      steps: options.steps,
      seed: `${options.seed}:round${it}`,
      resume: false,
      init: current,
      extraTraces: own,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const evaluation = await evaluateReasoner(createEmbeddedModel(current, `star-${it}`), evalSet, options.signal ? { signal: options.signal } : {});
    const report: StarIteration = { iteration: it, sampled, verified, puzzlesSolved, heldOutPass1: evaluation.pass1, trainingTraces: own.length };
    reports.push(report);
    current.meta.star = reports as unknown as Json;
    options.onIteration?.(report);
  }
  return { reports, checkpoint: current };
}
