import type { TraceTree } from '../core/tree-schema.js';
import type { ReasonResult } from './reasoner.js';

/** Everything a response format needs of a finished search. */
export interface FinishedSearch {
  result: ReasonResult;
  reasoning: string;
  /** `length` when a budget cut the search short (OpenAI's meaning: the answer was cut by a limit), else `stop`. */
  finishReason: 'stop' | 'length';
  metacot: ReturnType<typeof metacotField>;
}

/**
 * How one API shapes a search's answer: the chat completions API (`chat-format.ts`) or
 * the Responses API (`responses-format.ts`). The search, its live trace, cancellation and
 * accounting are the same for both (`searchCompletion`).
 */
export interface SearchResponseFormat {
  /** The non-streaming body. */
  whole(done: FinishedSearch): unknown;
  /** Events sent before the search starts. */
  opening(): unknown[];
  /** The event carrying one piece of the live trace. */
  reasoning(text: string): unknown;
  /** Events after the search ended: the answer, the finish, usage. */
  closing(done: FinishedSearch): unknown[];
  /** Events telling the client the search failed after the stream started. */
  failure(message: string): unknown[];
  /** Whether the stream ends with `data: [DONE]` (chat completions does, Responses does not). */
  doneMarker: boolean;
}

/** The `metacot` extension of a response: what the search cost and how it ended. */
export function metacotField(tree: TraceTree, spec: string, policyId: string, stored: string | null, error?: string) {
  return {
    search: spec,
    policy: policyId,
    tree_id: tree.id,
    stop_reason: tree.stopReason,
    answer: tree.answer,
    verified: tree.verified,
    policy_calls: tree.usage.policyCalls,
    verifier_calls: tree.usage.verifierCalls,
    nodes: tree.nodes.length,
    ms: tree.usage.ms,
    ...(stored ? { stored } : {}),
    ...(error ? { error } : {}),
  };
}

