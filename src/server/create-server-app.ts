import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { openAIErrorResponse, ServerRequestError } from '../http/openai-error.js';
import { authGuard, browserGuard } from './request-guard.js';
import { chatCompletionsRoute } from './routes/chat-completions-route.js';
import { forwardRoute } from './routes/forward-route.js';
import { healthRoute, metricsRoute, modelsRoute } from './routes/info-routes.js';
import { responsesRoute } from './routes/responses-route.js';
import { createServerContext, type ServerAppOptions } from './server-context.js';
import type { ConcurrencyGate } from './concurrency-gate.js';
import type { ServerMetrics } from './server-metrics.js';

export { DEFAULT_CAPS, type ServerAppOptions } from './server-context.js';

export interface ServerApp {
  app: Hono;
  metrics: ServerMetrics;
  gate: ConcurrencyGate;
}

/**
 * The reasoning server as a Hono app: `POST /v1/chat/completions` and `POST /v1/responses`
 * (search or pass-through), other `POST /v1/*` forwarded, `GET /v1/models`, `GET /health`,
 * `GET /metrics`. Usable in-process with `app.request(...)` and served on a socket by
 * `startServer`. Each route lives in `routes/`; this only puts them in order.
 */
export function createServerApp(options: ServerAppOptions): ServerApp {
  const ctx = createServerContext(options);
  const app = new Hono();
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    app.use('*', cors({ origin: [...options.corsOrigins], allowHeaders: ['authorization', 'content-type'], allowMethods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 }));
  }
  healthRoute(app, ctx);
  for (const path of ['/v1/*', '/metrics']) app.use(path, authGuard(ctx), browserGuard(ctx));
  metricsRoute(app, ctx);
  modelsRoute(app, ctx);
  chatCompletionsRoute(app, ctx);
  responsesRoute(app, ctx);
  forwardRoute(app, ctx);
  app.notFound((c) => openAIErrorResponse(404, `no route ${c.req.method} ${c.req.path}; see GET /v1/models, POST /v1/chat/completions, POST /v1/responses, GET /health, GET /metrics`, 'not_found_error'));
  app.onError((error) => {
    if (error instanceof ServerRequestError) return error.toResponse();
    ctx.metrics.inc('metacot_errors_total', { kind: 'internal' });
    return openAIErrorResponse(500, `internal error: ${error instanceof Error ? error.message : String(error)}`, 'server_error');
  });
  return { app, metrics: ctx.metrics, gate: ctx.gate };
}
