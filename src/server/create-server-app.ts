import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Budget } from '../core/budget.js';
import type { ChatMessage } from '../models/language-model.js';
import { createBearerCheck } from '../http/bearer-auth.js';
import { conversationOf, parseChatRequest } from './chat-request.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { openAIErrorResponse, ServerRequestError } from '../http/openai-error.js';
import { passThrough } from './pass-through.js';
import type { Reasoner } from './reasoner.js';
import type { SearchStore } from './search-store.js';
import { searchCompletion, type SearchOutcome } from './search-completion.js';
import { ServerMetrics } from './server-metrics.js';
import { createNodeHttpFetch } from '../models/node-http-fetch.js';
import { DEFAULT_STRATEGY_WORD, resolveStrategy, splitModel, type SearchCatalog, type Strategy } from './strategy.js';
import { upstreamHeaders, upstreamUrl, type UpstreamConfig } from './upstream.js';


export interface ServerAppOptions {
  catalog: SearchCatalog;
  reasoner: Reasoner;
  /** The OpenAI-compatible server behind this one; absent: offline (searches only, with the offline solver). */
  upstream?: UpstreamConfig | null;
  /** The upstream model a search uses when the request names none (`bon-8`, `metacot`). */
  defaultModel?: string | null;
  /** The search for `metacot`, for a `metacot` object without `search`, and offline (default `astar`). */
  defaultSearch?: string;
  /** Bearer keys accepted; empty or absent: no authentication (only allowed on loopback, see `serve`). */
  apiKeys?: readonly string[];
  /** Request body limit in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Chat requests served at once; more get 429 (default 16). */
  maxConcurrency?: number;
  /** Seconds a 429 asks the client to wait (default 1). */
  retryAfterSeconds?: number;
  /** Per-request limits of every search (defaults: DEFAULT_CAPS). */
  caps?: Budget;
  /** Origins allowed by CORS; absent or empty: no CORS headers at all. */
  corsOrigins?: readonly string[];
  store?: SearchStore;
  /** Store every served search unless the request says `metacot.store: false` (default false: only when asked). */
  storeByDefault?: boolean;
  /** For pass-through and the model list (default: a streaming keep-alive node:http fetch). */
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  newId?: () => string;
  metrics?: ServerMetrics;
  /** One line per request (no keys, no bodies). */
  log?: (line: string) => void;
  heartbeatMs?: number;
}

export const DEFAULT_CAPS: Budget = { maxPolicyCalls: 512, maxTokens: 200_000, maxVerifierCalls: 2048, timeoutMs: 300_000 };

export interface ServerApp {
  app: Hono;
  metrics: ServerMetrics;
  gate: ConcurrencyGate;
}

/**
 * The reasoning server as a Hono app: `POST /v1/chat/completions` (search or
 * pass-through), `GET /v1/models`, `GET /health`, `GET /metrics`. Usable in-process with
 * `app.request(...)` and served on a socket by `startServer`.
 */
export function createServerApp(options: ServerAppOptions): ServerApp {
  const metrics = options.metrics ?? new ServerMetrics();
  const gate = new ConcurrencyGate(options.maxConcurrency ?? 16);
  const fetchFn = options.fetch ?? createNodeHttpFetch({ body: 'streaming' });
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 24));
  const upstream = options.upstream ?? null;
  const checkAuth = createBearerCheck(options.apiKeys ?? []);
  const caps = options.caps ?? DEFAULT_CAPS;
  const defaults = {
    search: options.defaultSearch ?? 'adaptive',
    model: options.defaultModel ?? null,
    passThrough: upstream !== null,
    caps,
  };
  const log = options.log ?? (() => {});
  const app = new Hono();

  if (options.corsOrigins && options.corsOrigins.length > 0) {
    app.use('*', cors({ origin: [...options.corsOrigins], allowHeaders: ['authorization', 'content-type'], allowMethods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 }));
  }

  app.get('/health', (c) => c.json({ status: 'ok', upstream: upstream !== null, in_flight: gate.inFlight, max_concurrency: gate.limit }));

  for (const path of ['/v1/*', '/metrics']) {
    app.use(path, async (c, next) => {
      const refusal = checkAuth(c.req.header('authorization'));
      if (refusal) {
        metrics.inc('metacot_errors_total', { kind: 'auth' });
        metrics.inc('metacot_requests_total', { route: c.req.path, kind: 'refused', status: '401' });
        return refusal;
      }
      await next();
    });
  }

  app.get('/metrics', (c) => {
    metrics.set('metacot_requests_in_flight', {}, gate.inFlight);
    return c.body(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  app.get('/v1/models', async (c) => {
    const created = Math.floor(now() / 1000);
    const data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> = [{ id: DEFAULT_STRATEGY_WORD, object: 'model', created, owned_by: 'metacot' }];
    if (upstream) {
      try {
        const response = await fetchFn(upstreamUrl(upstream.baseURL, 'models'), { headers: upstreamHeaders(upstream, 'application/json'), signal: AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(5000)]) });
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

  app.post(
    '/v1/chat/completions',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 1024 * 1024,
      onError: () => {
        metrics.inc('metacot_errors_total', { kind: 'invalid' });
        metrics.inc('metacot_requests_total', { route: '/v1/chat/completions', kind: 'refused', status: '413' });
        return openAIErrorResponse(413, `request body over ${options.maxBodyBytes ?? 1024 * 1024} bytes`, 'invalid_request_error', { code: 'body_too_large' });
      },
    }),
    (c) => chatCompletions(c),
  );

  // Other OpenAI endpoints (completions, embeddings...) go to the upstream as they are,
  // so the server can stand in front of a model server for everything a client sends.
  app.post(
    '/v1/:rest{.+}',
    bodyLimit({ maxSize: options.maxBodyBytes ?? 1024 * 1024, onError: () => openAIErrorResponse(413, `request body over ${options.maxBodyBytes ?? 1024 * 1024} bytes`, 'invalid_request_error', { code: 'body_too_large' }) }),
    (c) => forwardOther(c),
  );

  app.notFound((c) => openAIErrorResponse(404, `no route ${c.req.method} ${c.req.path}; see GET /v1/models, POST /v1/chat/completions, GET /health, GET /metrics`, 'not_found_error'));
  app.onError((error) => {
    if (error instanceof ServerRequestError) return error.toResponse();
    metrics.inc('metacot_errors_total', { kind: 'internal' });
    return openAIErrorResponse(500, `internal error: ${error instanceof Error ? error.message : String(error)}`, 'server_error');
  });

  // Model names seen, and whether each is a plain one (bounded: clients choose the names).
  const plainModels = new Map<string, boolean>();
  function isPlainModel(model: string): boolean {
    let plain = plainModels.get(model);
    if (plain === undefined) {
      plain = splitModel(model, options.catalog).prefix === null;
      if (plainModels.size >= 1000) plainModels.clear();
      plainModels.set(model, plain);
    }
    return plain;
  }

  async function forwardOther(c: Context): Promise<Response> {
    const path = c.req.path.replace(/^\/v1\//, '');
    if (!upstream) return openAIErrorResponse(404, `no route POST ${c.req.path}: without an upstream this server answers POST /v1/chat/completions only`, 'not_found_error');
    const route = '/v1/* (other)';
    const started = performance.now();
    const release = gate.tryAcquire();
    if (!release) {
      metrics.inc('metacot_errors_total', { kind: 'rate-limit' });
      metrics.inc('metacot_requests_total', { route, kind: 'refused', status: '429' });
      const wait = options.retryAfterSeconds ?? 1;
      return openAIErrorResponse(429, `this server is serving its limit of ${gate.limit} requests at once; retry after ${wait} s`, 'rate_limit_error', { code: 'concurrency_limit', headers: { 'retry-after': String(wait) } });
    }
    try {
      const raw = await c.req.text();
      const stream = /"stream"\s*:\s*true/.test(raw);
      metrics.inc('metacot_upstream_calls_total', { kind: 'pass-through' });
      return await passThrough(raw, stream, c.req.raw.signal, {
        upstream,
        path,
        fetch: fetchFn,
        onDone: ({ status, tokens, error }) => {
          release();
          metrics.inc('metacot_tokens_total', { kind: 'pass-through', direction: 'prompt' }, tokens.prompt);
          metrics.inc('metacot_tokens_total', { kind: 'pass-through', direction: 'completion' }, tokens.completion);
          metrics.inc('metacot_requests_total', { route, kind: 'pass-through', status: String(status) });
          metrics.observe('metacot_request_duration_seconds', { route, kind: 'pass-through' }, (performance.now() - started) / 1000);
          if (error ?? status >= 500) metrics.inc('metacot_errors_total', { kind: error ?? 'upstream' });
        },
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  async function chatCompletions(c: Context): Promise<Response> {
    const started = performance.now();
    const route = '/v1/chat/completions';
    const release = gate.tryAcquire();
    if (!release) {
      metrics.inc('metacot_errors_total', { kind: 'rate-limit' });
      metrics.inc('metacot_requests_total', { route, kind: 'refused', status: '429' });
      const wait = options.retryAfterSeconds ?? 1;
      return openAIErrorResponse(429, `this server is serving its limit of ${gate.limit} requests at once; retry after ${wait} s`, 'rate_limit_error', { code: 'concurrency_limit', headers: { 'retry-after': String(wait) } });
    }
    let handedOver = false;
    let kind = 'refused';
    const finish = (status: number, errorKind?: string) => {
      release();
      metrics.inc('metacot_requests_total', { route, kind, status: String(status) });
      metrics.observe('metacot_request_duration_seconds', { route, kind }, (performance.now() - started) / 1000);
      if (errorKind) metrics.inc('metacot_errors_total', { kind: errorKind });
      log(`POST ${route} ${status} ${kind} ${(performance.now() - started).toFixed(1)}ms`);
    };
    try {
      const raw = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new ServerRequestError(400, 'the request body is not valid JSON', 'invalid_request_error', null, 'invalid_json');
      }
      const signal = c.req.raw.signal;
      // Pass-through is decided from `model` alone and forwards the body as it is, so it
      // skips the full request validation (the upstream validates its own requests).
      const quick = body as { model?: unknown; metacot?: unknown; stream?: unknown } | null;
      if (upstream && quick && typeof quick.model === 'string' && quick.metacot === undefined && isPlainModel(quick.model)) {
        kind = 'pass-through';
        handedOver = true;
        metrics.inc('metacot_upstream_calls_total', { kind: 'pass-through' });
        return await passThrough(raw, quick.stream === true, signal, {
          upstream,
          fetch: fetchFn,
          onDone: ({ status, tokens, error }) => {
            metrics.inc('metacot_tokens_total', { kind, direction: 'prompt' }, tokens.prompt);
            metrics.inc('metacot_tokens_total', { kind, direction: 'completion' }, tokens.completion);
            finish(status, error ?? (status >= 500 ? 'upstream' : undefined));
          },
        });
      }
      const request = parseChatRequest(body);
      const strategy = resolveStrategy(request, options.catalog, defaults);
      if (strategy.kind === 'pass-through') throw new Error(`model '${request.model}' should have passed through`);
      kind = 'search';
      if (request.n != null && request.n > 1) {
        throw new ServerRequestError(400, `n = ${request.n}: a search returns its one best answer; ask for n = 1 (or pass the model through without a strategy)`, 'invalid_request_error', 'n');
      }
      const messages = conversationOf(request);
      const search = options.reasoner.prepare({
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
      const wantStore = request.metacot?.store ?? options.storeByDefault ?? false;
      if (wantStore && !options.store) {
        throw new ServerRequestError(400, 'metacot.store: this server has no run folder to store searches in (start it with --store DIR)', 'invalid_request_error', 'metacot.store');
      }
      handedOver = true;
      const id = `chatcmpl-${newId()}`;
      const created = Math.floor(now() / 1000);
      return await searchCompletion(search, {
        id,
        created,
        model: request.model,
        spec: strategy.spec,
        stream: request.stream === true,
        signal,
        ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
        onDone: (outcome) => onSearchDone(outcome, strategy, { id, created, messages }, wantStore, finish),
      });
    } catch (error) {
      if (!handedOver) {
        if (error instanceof ServerRequestError) {
          finish(error.status, 'invalid');
          return error.toResponse();
        }
        finish(500, 'internal');
      }
      throw error;
    }
  }

  async function onSearchDone(
    outcome: SearchOutcome,
    strategy: Extract<Strategy, { kind: 'search' }>,
    served: { id: string; created: number; messages: ChatMessage[] },
    wantStore: boolean,
    finish: (status: number, errorKind?: string) => void,
  ): Promise<string | null> {
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
      finish(outcome.status ?? (outcome.error === 'client-disconnect' ? 499 : 502), outcome.error);
      return null;
    }
    metrics.inc('metacot_searches_total', { stop_reason: outcome.result.tree.stopReason });
    let stored: string | null = null;
    if (wantStore && options.store) {
      try {
        stored = await options.store(outcome.result, { ...served, spec: strategy.spec, model: strategy.model, reasoning: outcome.reasoning });
      } catch (error) {
        log(`could not store search ${outcome.result.tree.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    finish(200);
    return stored;
  }

  return { app, metrics, gate };
}
