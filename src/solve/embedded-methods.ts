import type { Budget, StopReason } from '../core/budget.js';
import { createContext } from '../core/context.js';
import type { EventSink } from '../core/events.js';
import type { Json } from '../core/json.js';
import { TREE_SCHEMA, TREE_SCHEMA_VERSION, type TraceTree } from '../core/tree-schema.js';
import { emptyUsage, type Usage } from '../core/usage.js';
import type { EmbeddedModel } from '../embedded/model/index.js';
import { attemptTree, runEmbeddedAttempts } from '../embedded/reasoner/index.js';
import { modelGuide } from '../embedded/reasoner/index.js';
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
  /** Times the in-context searches folded their context (see runEmbeddedAttempts' `fold`). */
  folds?: number;
  /** In-context searches that looked again before giving up (see ArithTool's `secondLook`). */
  secondLooks?: number;
  /** Of those, the searches that took the last look (a complete search). */
  lastLooks?: number;
}

export interface InContextOptions {
  samples: number;
  /** 0: greedy. */
  temperature: number;
  seed: string | number;
  /** Most tokens the model writes per sample (default: defaultMaxTokens). */
  maxTokens?: number;
  /** Fold the context when it fills and search on (default true; see runEmbeddedAttempts' `fold`). */
  fold?: boolean;
  signal?: AbortSignal;
}

/**
 * `samples` in-context searches decoded together (one shared prompt); the first verified
 * one is the result, else the first. Compute: the prompt once, then every token of each
 * sample (the model's and the tool's, which the model reads), and the folded contexts read again.
 */
export async function runInContext(model: EmbeddedModel, puzzle: NumberPuzzle, options: InContextOptions): Promise<MethodOutcome> {
  const started = Date.now();
  const solveOptions = {
    model, target: puzzle.target, integer: puzzle.integer, samples: options.samples, temperature: options.temperature, seed: options.seed,
    fold: options.fold ?? true,
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const attempts = await runEmbeddedAttempts(puzzle.numbers, solveOptions);
  const chosen = attempts.find((a) => a.solved) ?? attempts[0]!;
  const generated = attempts.reduce((s, a) => s + a.sample.modelTokens, 0);
  const prompt = model.tokenizer.encodeLenient(promptFor(puzzle.numbers, puzzle.target)).length;
  const processed = prompt + attempts.reduce((s, a) => s + a.sample.modelTokens + a.sample.toolTokens + (a.sample.refedTokens ?? 0), 0);
  const tree = attemptTree(chosen, puzzle.numbers, puzzle.target, solveOptions, model.id, Date.now() - started);
  tree.usage.tokensOut = generated;
  tree.usage.tokensIn = processed - generated;
  tree.usage.policyCalls = attempts.length;
  return {
    tree, answer: chosen.answer, verified: chosen.solved, stopReason: tree.stopReason as StopReason, usage: tree.usage,
    generated, processed, ownText: chosen.text, folds: attempts.reduce((s, a) => s + (a.sample.folds ?? 0), 0),
    secondLooks: attempts.filter((a) => a.tool.tookSecondLook).length,
    lastLooks: attempts.filter((a) => a.tool.tookLastLook).length,
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

/** What a method that was stopped before it produced anything returns: the start state alone. */
export function stoppedOutcome(model: EmbeddedModel, puzzle: NumberPuzzle, stopReason: StopReason, search: string, ms: number): MethodOutcome {
  const rules = puzzle.integer ? 'integer' : 'rational';
  const task = puzzle.integer ? 'countdown' : 'game24';
  const usage = { ...emptyUsage(), ms };
  const tree: TraceTree = {
    schema: TREE_SCHEMA, version: TREE_SCHEMA_VERSION,
    id: `${task}:${puzzle.numbers.join('-')}:${puzzle.target}:${stopReason}`,
    problem: { id: `${task}:${puzzle.numbers.join('-')}:${puzzle.target}`, task, prompt: promptFor(puzzle.numbers, puzzle.target).trim(), input: { numbers: [...puzzle.numbers], target: puzzle.target, rules } },
    search: { name: search, options: {} }, model: model.id, seed: '0',
    nodes: [{ id: 0, parentId: null, depth: 0, step: { text: '' }, state: { target: puzzle.target, nums: puzzle.numbers.map((n) => [n, 1]), exprs: puzzle.numbers.map(String) }, scores: {}, flags: { terminal: false }, cost: emptyUsage() }],
    visits: [0], bestId: null, answer: null, verified: null, stopReason, usage,
  };
  return { tree, answer: null, verified: false, stopReason, usage, generated: 0, processed: 0 };
}
