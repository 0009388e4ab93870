import type { Context, Hono } from 'hono';
import { openAIErrorResponse } from '../../http/openai-error.js';
import { passThrough } from '../pass-through.js';
import { bodyGuard } from '../request-guard.js';
import type { ServerContext } from '../server-context.js';

const ROUTE = '/v1/* (other)';

/**
 * Other OpenAI endpoints (completions, embeddings...) go to the upstream as they are, so
 * the server can stand in front of a model server for everything a client sends.
 */
export function forwardRoute(app: Hono, ctx: ServerContext): void {
  app.post('/v1/:rest{.+}', bodyGuard(ctx, ROUTE), (c) => forward(c, ctx, c.req.path.replace(/^\/v1\//, '')));
}

/** Forwards the request body to the upstream's `path` (pass-through), counted under `route`. */
export async function forward(c: Context, ctx: ServerContext, path: string, route = ROUTE, raw?: string): Promise<Response> {
  const upstream = ctx.upstream;
  if (!upstream) return openAIErrorResponse(404, `no route POST ${c.req.path}: without an upstream this server answers POST /v1/chat/completions and /v1/responses only`, 'not_found_error');
  const started = performance.now();
  const release = ctx.gate.tryAcquire();
  if (!release) return ctx.busy(route);
  try {
    const body = raw ?? (await c.req.text());
    const stream = /"stream"\s*:\s*true/.test(body);
    ctx.metrics.inc('metacot_upstream_calls_total', { kind: 'pass-through' });
    return await passThrough(body, stream, c.req.raw.signal, {
      upstream,
      path,
      fetch: ctx.fetch,
      onDone: ({ status, tokens, error }) => {
        release();
        ctx.metrics.inc('metacot_tokens_total', { kind: 'pass-through', direction: 'prompt' }, tokens.prompt);
        ctx.metrics.inc('metacot_tokens_total', { kind: 'pass-through', direction: 'completion' }, tokens.completion);
        ctx.metrics.inc('metacot_requests_total', { route, kind: 'pass-through', status: String(status) });
        ctx.metrics.observe('metacot_request_duration_seconds', { route, kind: 'pass-through' }, (performance.now() - started) / 1000);
        if (error ?? status >= 500) ctx.metrics.inc('metacot_errors_total', { kind: error ?? 'upstream' });
      },
    });
  } catch (error) {
    release();
    throw error;
  }
}
