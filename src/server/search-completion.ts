import type { SearchEvent } from '../core/events.js';
import { isAbortError } from '../core/errors.js';
import type { Usage } from '../core/usage.js';
import type { TraceTree } from '../core/tree-schema.js';
import { LiveTrace } from './live-trace.js';
import { openAIErrorBody, openAIErrorResponse, ServerRequestError } from '../http/openai-error.js';
import type { PreparedSearch, ReasonResult } from './reasoner.js';
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

/** The `metacot` extension of a response: what the search cost and how it ended. */
export function metacotField(tree: TraceTree, spec: string, policyId: string, stored: string | null) {
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
  };
}

function usageField(usage: Usage) {
  return { prompt_tokens: usage.tokensIn, completion_tokens: usage.tokensOut, total_tokens: usage.tokensIn + usage.tokensOut };
}

/**
 * Answers one search request, as one JSON body or as a live SSE stream: the trace as
 * `reasoning_content` deltas while the search runs, then the answer as `content`, a
 * finish chunk, and a usage chunk carrying the `metacot` extension.
 */
export async function searchCompletion(search: PreparedSearch, ctx: SearchCompletionContext): Promise<Response> {
  return ctx.stream ? streamed(search, ctx) : whole(search, ctx);
}

async function whole(search: PreparedSearch, ctx: SearchCompletionContext): Promise<Response> {
  const trace = new LiveTrace();
  let reasoning = '';
  const emit = (event: SearchEvent) => {
    reasoning += trace.push(event);
  };
  let result: ReasonResult;
  try {
    result = await search.run(emit, ctx.signal);
  } catch (error) {
    return failed(error, ctx);
  }
  if (ctx.signal.aborted) {
    await ctx.onDone({ ok: false, error: 'client-disconnect', message: 'the client went away', usage: result.tree.usage });
    return openAIErrorResponse(499, 'the client went away', 'invalid_request_error');
  }
  const stored = (await ctx.onDone({ ok: true, result, reasoning })) ?? null;
  const body = {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message: { role: 'assistant', content: result.content, reasoning_content: reasoning }, logprobs: null, finish_reason: 'stop' }],
    usage: usageField(result.tree.usage),
    metacot: metacotField(result.tree, ctx.spec, search.policyId, stored),
  };
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
  const message = error instanceof Error ? error.message : String(error);
  await ctx.onDone({ ok: false, error: 'internal', message });
  return openAIErrorResponse(502, `the search failed: ${message}`, 'upstream_error', { code: 'search_failed' });
}

function streamed(search: PreparedSearch, ctx: SearchCompletionContext): Response {
  const chunk = (delta: Record<string, string>, finish: string | null = null) => ({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  // onDone releases the request's concurrency slot: make sure it runs once, whatever happens.
  let settled = false;
  const onDone = async (outcome: SearchOutcome) => {
    if (settled) return null;
    settled = true;
    return ctx.onDone(outcome);
  };
  const body = createSseStream(async (writer, cancelled) => {
    try {
      await produce(writer, cancelled);
    } finally {
      if (!settled) await onDone({ ok: false, error: 'internal', message: 'the stream ended unexpectedly' });
    }
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });

  async function produce(writer: SseWriter, cancelled: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([cancelled, ctx.signal]);
    const trace = new LiveTrace();
    let reasoning = '';
    let lastSent = Date.now();
    writer.send(chunk({ role: 'assistant', content: '' }));
    const emit = (event: SearchEvent) => {
      const text = trace.push(event);
      if (!text) return;
      reasoning += text;
      writer.send(chunk({ reasoning_content: text }));
      lastSent = Date.now();
    };
    const heartbeatMs = ctx.heartbeatMs ?? 15_000;
    const heartbeat = setInterval(() => {
      if (Date.now() - lastSent >= heartbeatMs) writer.comment('searching');
    }, Math.max(10, Math.floor(heartbeatMs / 2)));
    let result: ReasonResult;
    try {
      result = await search.run(emit, signal);
    } catch (error) {
      if (signal.aborted) {
        await onDone({ ok: false, error: 'client-disconnect', message: 'the client went away' });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      await onDone({ ok: false, error: 'internal', message });
      // The status line is long gone: say it in the stream (the openai client raises it as an APIError).
      writer.send(openAIErrorBody(`the search failed: ${message}`, 'upstream_error', null, 'search_failed'));
      return;
    } finally {
      clearInterval(heartbeat);
    }
    if (signal.aborted) {
      await onDone({ ok: false, error: 'client-disconnect', message: 'the client went away', usage: result.tree.usage });
      return;
    }
    const stored = (await onDone({ ok: true, result, reasoning })) ?? null;
    writer.send(chunk({ content: result.content }));
    writer.send(chunk({}, 'stop'));
    writer.send({
      id: ctx.id,
      object: 'chat.completion.chunk',
      created: ctx.created,
      model: ctx.model,
      choices: [],
      usage: usageField(result.tree.usage),
      metacot: metacotField(result.tree, ctx.spec, search.policyId, stored),
    });
  }
}
