import type { Hono } from 'hono';
import type { ServerContext } from '../server-context.js';
import { DEFAULT_STRATEGY_WORD } from '../strategy.js';
import { upstreamHeaders, upstreamUrl } from '../upstream.js';

/** `GET /health` (never needs a key): liveness and load, answered on the event loop the searches never hold. */
export function healthRoute(app: Hono, ctx: ServerContext): void {
  app.get('/health', (c) => {
    const pool = ctx.options.pool?.stats;
    return c.json({
      status: 'ok',
      upstream: ctx.upstream !== null,
      in_flight: ctx.gate.inFlight,
      max_concurrency: ctx.gate.limit,
      ...(pool ? { search_workers: pool.workers, searches_running: pool.running, searches_queued: pool.queued, search_queue_limit: pool.queueLimit } : {}),
    });
  });
}

/** `GET /metrics`: Prometheus text. */
export function metricsRoute(app: Hono, ctx: ServerContext): void {
  app.get('/metrics', (c) => {
    ctx.metrics.set('metacot_requests_in_flight', {}, ctx.gate.inFlight);
    const pool = ctx.options.pool?.stats;
    if (pool) {
      ctx.metrics.set('metacot_searches_running', {}, pool.running);
      ctx.metrics.set('metacot_searches_queued', {}, pool.queued);
    }
    return c.body(ctx.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}

/** `GET /v1/models`: `metacot`, and each upstream model as `NAME` and `metacot:NAME`. */
export function modelsRoute(app: Hono, ctx: ServerContext): void {
  app.get('/v1/models', async (c) => {
    const created = Math.floor(ctx.now() / 1000);
    const data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> = [{ id: DEFAULT_STRATEGY_WORD, object: 'model', created, owned_by: 'metacot' }];
    if (ctx.upstream) {
      try {
        const response = await ctx.fetch(upstreamUrl(ctx.upstream.baseURL, 'models'), { headers: upstreamHeaders(ctx.upstream, 'application/json'), signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(5000)]) });
        const body = (await response.json()) as { data?: Array<{ id?: unknown; owned_by?: unknown }> };
        for (const m of body.data ?? []) {
          if (typeof m.id !== 'string') continue;
          const owner = typeof m.owned_by === 'string' ? m.owned_by : 'upstream';
          data.push({ id: m.id, object: 'model', created, owned_by: owner }, { id: `${DEFAULT_STRATEGY_WORD}:${m.id}`, object: 'model', created, owned_by: 'metacot' });
        }
      } catch {
        // The list is a convenience: an unreachable upstream leaves the metacot entries.
      }
    }
    return c.json({ object: 'list', data });
  });
}
