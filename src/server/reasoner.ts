import type { Budget } from '../core/budget.js';
import type { EventSink } from '../core/events.js';
import type { Json } from '../core/json.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { ChatMessage } from '../models/language-model.js';
import type { AnySearchAlgorithm } from '../search/types.js';

/** One search the server was asked to run. */
export interface ReasonRequest {
  /** The whole conversation: every system prompt and every turn. */
  messages: readonly ChatMessage[];
  algorithm: AnySearchAlgorithm;
  options: Record<string, Json>;
  /** The upstream model for the policy, or null for the offline solver. */
  model: string | null;
  verifier: string | null;
  budget: Budget;
  seed: string | number;
  temperature?: number;
  topP?: number;
}

export interface ReasonResult {
  tree: TraceTree;
  /** The final answer message shown as `content` (e.g. the clean solution and its answer). */
  content: string;
  /** Why the search ended early when a model refused a request (redacted; stop reason `model-error`). */
  error?: string;
}

/** A search ready to run: the request was understood and can be served. */
export interface PreparedSearch {
  /** Names what proposes steps (`symbolic`, `openai:qwen`...), for the response's `metacot` field. */
  readonly policyId: string;
  /** Runs the search, reporting every event to `emit` as it happens (that makes the streamed trace live). */
  run(emit: EventSink, signal: AbortSignal): Promise<ReasonResult>;
  /**
   * Runs the search and writes its live trace itself, reporting only the text (the
   * meta-cot lines `LiveTrace` makes of the events). A search in a worker thread offers
   * this so that only text, not every event, crosses to the server's event loop.
   */
  runTraced?(onText: (text: string) => void, signal: AbortSignal): Promise<ReasonResult>;
  /** Gives back what `prepare` reserved (a place in the search pool) when `run` will not be called. */
  release?(): void;
}

/**
 * What runs searches for the server. `prepare` builds the problem from the conversation,
 * the policy and the verifier, before any byte of the answer is sent, so that a request
 * it cannot serve (offline and not a puzzle it knows; an unknown verifier) still gets a
 * proper 4xx: it throws a ServerRequestError then.
 */
export interface Reasoner {
  prepare(request: ReasonRequest): PreparedSearch;
}
