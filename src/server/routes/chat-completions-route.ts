import type { Context, Hono } from 'hono';
import { parseChatRequest } from '../chat-request.js';
import { prepareServedSearch, recordSearchDone, requestBooks } from '../admitted-search.js';
import { passThrough } from '../pass-through.js';
import { bodyGuard } from '../request-guard.js';
import { searchCompletion } from '../search-completion.js';
import type { ServerContext } from '../server-context.js';
import { readJsonBody } from './read-json-body.js';

const ROUTE = '/v1/chat/completions';

/** `POST /v1/chat/completions`: a search, or the request passed through to the upstream. */
export function chatCompletionsRoute(app: Hono, ctx: ServerContext): void {
  app.post(ROUTE, bodyGuard(ctx, ROUTE), (c) => chatCompletions(c, ctx));
}

async function chatCompletions(c: Context, ctx: ServerContext): Promise<Response> {
  const release = ctx.gate.tryAcquire();
  if (!release) return ctx.busy(ROUTE);
  const books = requestBooks(ctx, ROUTE, release);
  let handedOver = false;
  try {
    const { raw, body } = await readJsonBody(c);
    const signal = c.req.raw.signal;
    // Pass-through is decided from `model` alone and forwards the body as it is, so it
    // skips the full request validation (the upstream validates its own requests).
    const quick = body as { model?: unknown; metacot?: unknown; stream?: unknown } | null;
    if (ctx.upstream && quick && typeof quick.model === 'string' && quick.metacot === undefined && ctx.isPlainModel(quick.model)) {
      books.kind = 'pass-through';
      handedOver = true;
      ctx.metrics.inc('metacot_upstream_calls_total', { kind: 'pass-through' });
      return await passThrough(raw, quick.stream === true, signal, {
        upstream: ctx.upstream,
        fetch: ctx.fetch,
        onDone: ({ status, tokens, error }) => {
          ctx.metrics.inc('metacot_tokens_total', { kind: 'pass-through', direction: 'prompt' }, tokens.prompt);
          ctx.metrics.inc('metacot_tokens_total', { kind: 'pass-through', direction: 'completion' }, tokens.completion);
          books.finish(status, error ?? (status >= 500 ? 'upstream' : undefined));
        },
      });
    }
    const request = parseChatRequest(body);
    const admitted = prepareServedSearch(ctx, request, () => (books.kind = 'search'));
    handedOver = true;
    const id = `chatcmpl-${ctx.newId()}`;
    const created = Math.floor(ctx.now() / 1000);
    return await searchCompletion(admitted.search, {
      id,
      created,
      model: request.model,
      spec: admitted.strategy.spec,
      stream: request.stream === true,
      signal,
      ...(ctx.options.heartbeatMs !== undefined ? { heartbeatMs: ctx.options.heartbeatMs } : {}),
      onDone: (outcome) => recordSearchDone(ctx, outcome, admitted, { id, created }, (status, kind) => books.finish(status, kind)),
    });
  } catch (error) {
    const refused = handedOver ? null : books.refuse(error);
    if (refused) return refused;
    throw error;
  }
}
