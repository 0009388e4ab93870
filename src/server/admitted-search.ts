import type { ChatMessage } from '../models/language-model.js';
import { conversationOf, type ChatRequest } from './chat-request.js';
import { ServerRequestError } from '../http/openai-error.js';
import type { PreparedSearch } from './reasoner.js';
import type { SearchOutcome } from './search-completion.js';
import type { ServerContext } from './server-context.js';
import { resolveStrategy, type Strategy } from './strategy.js';

export type SearchStrategy = Extract<Strategy, { kind: 'search' }>;

/** A search request understood and admitted: what to run and how to account for it. */
export interface AdmittedSearch {
  search: PreparedSearch;
  strategy: SearchStrategy;
  messages: ChatMessage[];
  wantStore: boolean;
}

/**
 * Turns a chat-shaped request (the chat route's, or the Responses route's translated) into
 * a prepared search: the strategy and budget, the conversation, and the reasoner's own
 * checks. Throws a ServerRequestError (4xx, or 429 when the search workers are full).
 */
export function prepareServedSearch(ctx: ServerContext, request: ChatRequest, onResolved: () => void = () => {}): AdmittedSearch {
  const strategy = resolveStrategy(request, ctx.options.catalog, ctx.defaults);
  if (strategy.kind === 'pass-through') throw new Error(`model '${request.model}' should have passed through`);
  onResolved();
  if (request.n != null && request.n > 1) {
    throw new ServerRequestError(400, `n = ${request.n}: a search returns its one best answer; ask for n = 1 (or pass the model through without a strategy)`, 'invalid_request_error', 'n');
  }
  const wantStore = request.metacot?.store ?? ctx.options.storeByDefault ?? false;
  if (wantStore && !ctx.options.store) {
    throw new ServerRequestError(400, 'metacot.store: this server has no run folder to store searches in (start it with --store DIR)', 'invalid_request_error', 'metacot.store');
  }
  const messages = conversationOf(request);
  const search = ctx.options.reasoner.prepare({
    messages,
    algorithm: strategy.algorithm,
    options: strategy.options,
    model: strategy.model,
    verifier: strategy.verifier,
    budget: strategy.budget,
    seed: request.metacot?.seed ?? request.seed ?? 0,
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { topP: request.top_p } : {}),
  });
  return { search, strategy, messages, wantStore };
}

/**
 * Accounts for a finished search (tokens, calls, stop reason), stores it when asked, and
 * closes the request's books with `finish`. Returns where it was stored, or null.
 */
export async function recordSearchDone(
  ctx: ServerContext,
  outcome: SearchOutcome,
  admitted: AdmittedSearch,
  response: { id: string; created: number },
  finish: (status: number, errorKind?: string) => void,
): Promise<string | null> {
  const { metrics } = ctx;
  const { strategy } = admitted;
  const usage = outcome.ok ? outcome.result.tree.usage : outcome.usage;
  if (usage) {
    metrics.inc('metacot_tokens_total', { kind: 'search', direction: 'prompt' }, usage.tokensIn);
    metrics.inc('metacot_tokens_total', { kind: 'search', direction: 'completion' }, usage.tokensOut);
    // Only calls that reached a model: the offline solver makes no upstream calls.
    if (strategy.model !== null) {
      metrics.inc('metacot_upstream_calls_total', { kind: 'policy' }, usage.policyCalls);
      metrics.inc('metacot_upstream_calls_total', { kind: 'verifier' }, usage.verifierCalls);
    }
  }
  if (!outcome.ok) {
    finish(outcome.status ?? (outcome.error === 'client-disconnect' ? 499 : 502), outcome.error === 'invalid' && outcome.status === 429 ? 'rate-limit' : outcome.error);
    return null;
  }
  metrics.inc('metacot_searches_total', { stop_reason: outcome.result.tree.stopReason });
  let stored: string | null = null;
  if (admitted.wantStore && ctx.options.store) {
    try {
      stored = await ctx.options.store(outcome.result, { ...response, messages: admitted.messages, spec: strategy.spec, model: strategy.model, reasoning: outcome.reasoning });
    } catch (error) {
      ctx.log(`could not store search ${outcome.result.tree.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  finish(200);
  return stored;
}

/**
 * The books of one request: holds its concurrency slot and, once, releases it and records
 * its status, duration and error kind (and logs one line).
 */
export function requestBooks(ctx: ServerContext, route: string, release: () => void) {
  const started = performance.now();
  let kind = 'refused';
  let closed = false;
  return {
    set kind(value: string) {
      kind = value;
    },
    get kind() {
      return kind;
    },
    finish(status: number, errorKind?: string) {
      if (closed) return;
      closed = true;
      release();
      const ms = performance.now() - started;
      ctx.metrics.inc('metacot_requests_total', { route, kind, status: String(status) });
      ctx.metrics.observe('metacot_request_duration_seconds', { route, kind }, ms / 1000);
      if (errorKind) ctx.metrics.inc('metacot_errors_total', { kind: errorKind });
      ctx.log(`POST ${route} ${status} ${kind} ${ms.toFixed(1)}ms`);
    },
    /**
     * Closes the books of a request that failed before its search was handed over: a
     * refusal (ServerRequestError) is recorded with its status and returned as the
     * response; anything else is recorded as a 500 and returns null, for the caller to rethrow.
     */
    refuse(error: unknown): Response | null {
      if (error instanceof ServerRequestError) {
        this.finish(error.status, error.status === 429 ? 'rate-limit' : 'invalid');
        return error.toResponse();
      }
      this.finish(500, 'internal');
      return null;
    },
  };
}
