import type { Budget, StopReason } from '../core/budget.js';
import { createContext } from '../core/context.js';
import type { EventSink } from '../core/events.js';
import type { Json } from '../core/json.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { Usage } from '../core/usage.js';
import type { EmbeddedModel } from '../embedded/model/embedded-model.js';
import { attemptTree, runEmbeddedAttempts } from '../embedded/reasoner/embedded-reasoner.js';
import { modelGuide } from '../embedded/reasoner/guided-search.js';
import { promptFor } from '../linearize/tool-trace/tool-trace.js';
import type { AnySearchAlgorithm } from '../search/types.js';

/** A Game of 24 / Countdown puzzle as the embedded methods take it. */
export interface NumberPuzzle {
  numbers: readonly number[];
  target: number;
  /** Countdown's rules: every intermediate result a non-negative integer. */
  integer: boolean;
}

/** What one method did, in the terms every method shares. */
export interface MethodOutcome {
  tree: TraceTree;
  answer: string | null;
  verified: boolean;
  stopReason: StopReason;
  usage: Usage;
  /** Tokens the model wrote (sampled). */
  generated: number;
  /** Token positions the network ran (prompt, model and tool text, scored continuations): the model's compute. */
  processed: number;
  /** The in-context search exactly as the model wrote it (the task's text included), when the method is one. */
  ownText?: string;
}

export interface InContextOptions {
  samples: number;
  /** 0: greedy. */
  temperature: number;
  seed: string | number;
  /** Most tokens the model writes per sample. */
  maxTokens?: number;
  signal?: AbortSignal;
}

/**
 * `samples` in-context searches decoded together (one shared prompt); the first verified
 * one is the result, else the first. Compute: the prompt once, then every token of each
 * sample (the model's and the tool's, which the model reads).
 */
export async function runInContext(model: EmbeddedModel, puzzle: NumberPuzzle, options: InContextOptions): Promise<MethodOutcome> {
  const started = Date.now();
  const solveOptions = {
    model, target: puzzle.target, integer: puzzle.integer, samples: options.samples, temperature: options.temperature, seed: options.seed,
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const attempts = await runEmbeddedAttempts(puzzle.numbers, solveOptions);
  const chosen = attempts.find((a) => a.solved) ?? attempts[0]!;
  const generated = attempts.reduce((s, a) => s + a.sample.modelTokens, 0);
  const prompt = model.tokenizer.encodeLenient(promptFor(puzzle.numbers, puzzle.target)).length;
  const processed = prompt + attempts.reduce((s, a) => s + a.sample.modelTokens + a.sample.toolTokens, 0);
  const tree = attemptTree(chosen, puzzle.numbers, puzzle.target, solveOptions, model.id, Date.now() - started);
  tree.usage.tokensOut = generated;
  tree.usage.tokensIn = processed - generated;
  tree.usage.policyCalls = attempts.length;
  return {
    tree, answer: chosen.answer, verified: chosen.solved, stopReason: tree.stopReason as StopReason, usage: tree.usage,
    generated, processed, ownText: chosen.text,
  };
}

export interface GuidedOptions {
  algorithm: AnySearchAlgorithm;
  options: Record<string, Json>;
  seed: string | number;
  budget: Budget;
  signal?: AbortSignal;
  /** Where the search reports each node as it is made (a live trace). */
  emit?: EventSink;
}

/**
 * A tree search over every legal step, the model scoring each state's steps (priors) and
 * the states they reach (values) in one batched pass: best-first/A*, MCTS (PUCT reads the
 * priors), beam, depth-first. A complete search that ends `exhausted` proves no solution.
 */
export async function runGuided(model: EmbeddedModel, puzzle: NumberPuzzle, options: GuidedOptions): Promise<MethodOutcome> {
  const guide = modelGuide(model, puzzle.numbers, puzzle.target, { integer: puzzle.integer });
  const ctx = createContext({ seed: options.seed, budget: options.budget, ...(options.signal ? { signal: options.signal } : {}), ...(options.emit ? { emit: options.emit } : {}) });
  const result = await options.algorithm.run(guide.problem, guide.policy, guide.verifier, options.options, ctx);
  return {
    tree: result.tree, answer: result.answer, verified: result.verified, stopReason: result.stopReason, usage: result.usage,
    generated: 0, processed: guide.processed(),
  };
}
