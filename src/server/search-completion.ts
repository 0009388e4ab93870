import type { SearchEvent } from '../core/events.js';
import { isAbortError } from '../core/errors.js';
import type { Usage } from '../core/usage.js';
import { chatFormat } from './chat-format.js';
import { metacotField, type FinishedSearch, type SearchResponseFormat } from './response-format.js';
import { LiveTrace } from './live-trace.js';
import { openAIErrorResponse, ServerRequestError } from '../http/openai-error.js';
import type { PreparedSearch, ReasonResult } from './reasoner.js';
import { redactSecrets } from '../core/redact-secrets.js';
import { createSseStream, SSE_HEADERS, type SseWriter } from './sse-stream.js';

export interface SearchCompletionContext {
  id: string;
  created: number;
  /** The model name as the client wrote it (echoed back, as OpenAI does). */
  model: string;
  spec: string;
  stream: boolean;
  /** Fires when the client goes away (the request's own signal). */
  signal: AbortSignal;
  /** Comment lines are sent this often while the search is silent, so proxies keep the stream open. */
  heartbeatMs?: number;
  /** Called once with how the request ended (for metrics and storage). */
  onDone: (outcome: SearchOutcome) => void | Promise<string | null>;
}

export type SearchOutcome =
  | { ok: true; result: ReasonResult; reasoning: string }
  | { ok: false; error: 'client-disconnect' | 'internal' | 'invalid'; message: string; usage?: Usage; status?: number };

/** Budgets that cut a search short: its answer is reported with finish_reason `length`. */
const BUDGET_STOPS = new Set(['tokens', 'policy-calls', 'verifier-calls', 'timeout']);

function finished(result: ReasonResult, reasoning: string, spec: string, policyId: string, stored: string | null): FinishedSearch {
  return {
    result,
    reasoning,
    finishReason: BUDGET_STOPS.has(result.tree.stopReason) ? 'length' : 'stop',
    metacot: metacotField(result.tree, spec, policyId, stored, result.error),
  };
}

/**
 * Answers one search request, as one JSON body or as a live SSE stream: the trace while
 * the search runs, then the answer, a finish and the usage with the `metacot` extension,
 * each shaped by `format` (default: chat completions).
 */
export async function searchCompletion(search: PreparedSearch, ctx: SearchCompletionContext, format: SearchResponseFormat = chatFormat(ctx)): Promise<Response> {
  return ctx.stream ? streamed(search, ctx, format) : whole(search, ctx, format);
}

/** Runs the search, handing each new piece of its live trace to `onText` (written here, or by the search itself). */
function runWithTrace(search: PreparedSearch, onText: (text: string) => void, signal: AbortSignal): Promise<ReasonResult> {
  if (search.runTraced) return search.runTraced(onText, signal);
  const trace = new LiveTrace();
  return search.run((event: SearchEvent) => {
    const text = trace.push(event);
    if (text) onText(text);
  }, signal);
}

async function whole(search: PreparedSearch, ctx: SearchCompletionContext, format: SearchResponseFormat): Promise<Response> {
  let reasoning = '';
  let result: ReasonResult;
  try {
    result = await runWithTrace(search, (text) => (reasoning += text), ctx.signal);
  } catch (error) {
    return failed(error, ctx);
  }
  if (ctx.signal.aborted) {
    await ctx.onDone({ ok: false, error: 'client-disconnect', message: 'the client went away', usage: result.tree.usage });
    return openAIErrorResponse(499, 'the client went away', 'invalid_request_error');
  }
  const stored = (await ctx.onDone({ ok: true, result, reasoning })) ?? null;
  const body = format.whole(finished(result, reasoning, ctx.spec, search.policyId, stored));
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

async function failed(error: unknown, ctx: SearchCompletionContext): Promise<Response> {
  if (error instanceof ServerRequestError) {
    await ctx.onDone({ ok: false, error: 'invalid', message: error.message, status: error.status });
    return error.toResponse();
  }
  if (ctx.signal.aborted && isAbortError(error)) {
    await ctx.onDone({ ok: false, error: 'client-disconnect', message: 'the client went away' });
    return openAIErrorResponse(499, 'the client went away', 'invalid_request_error');
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  await ctx.onDone({ ok: false, error: 'internal', message });
  return openAIErrorResponse(502, `the search failed: ${message}`, 'upstream_error', { code: 'search_failed' });
}

function streamed(search: PreparedSearch, ctx: SearchCompletionContext, format: SearchResponseFormat): Response {
  // onDone releases the request's concurrency slot: make sure it runs once, whatever happens.
  let settled = false;
  const onDone = async (outcome: SearchOutcome) => {
    if (settled) return null;
    settled = true;
    return ctx.onDone(outcome);
  };
  const body = createSseStream(
    async (writer, cancelled) => {
      try {
        await produce(writer, cancelled);
      } finally {
        if (!settled) await onDone({ ok: false, error: 'internal', message: 'the stream ended unexpectedly' });
      }
    },
    { doneMarker: format.doneMarker },
  );
  return new Response(body, { status: 200, headers: SSE_HEADERS });

  async function produce(writer: SseWriter, cancelled: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([cancelled, ctx.signal]);
    let reasoning = '';
    let lastSent = Date.now();
    for (const event of format.opening()) writer.send(event);
    const onText = (text: string) => {
      reasoning += text;
      writer.send(format.reasoning(text));
      lastSent = Date.now();
    };
    const heartbeatMs = ctx.heartbeatMs ?? 15_000;
    const heartbeat = setInterval(() => {
      if (Date.now() - lastSent >= heartbeatMs) writer.comment('searching');
    }, Math.max(10, Math.floor(heartbeatMs / 2)));
    let result: ReasonResult;
    try {
      result = await runWithTrace(search, onText, signal);
    } catch (error) {
      if (signal.aborted) {
        await onDone({ ok: false, error: 'client-disconnect', message: 'the client went away' });
        return;
      }
      const status = error instanceof ServerRequestError ? error.status : undefined;
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      await onDone({ ok: false, error: status !== undefined ? 'invalid' : 'internal', message, ...(status !== undefined ? { status } : {}) });
      // The status line is long gone: say it in the stream (the openai client raises it as an APIError).
      for (const event of format.failure(status !== undefined ? message : `the search failed: ${message}`)) writer.send(event);
      return;
    } finally {
      clearInterval(heartbeat);
    }
    if (signal.aborted) {
      await onDone({ ok: false, error: 'client-disconnect', message: 'the client went away', usage: result.tree.usage });
      return;
    }
    const stored = (await onDone({ ok: true, result, reasoning })) ?? null;
    for (const event of format.closing(finished(result, reasoning, ctx.spec, search.policyId, stored))) writer.send(event);
  }
}
