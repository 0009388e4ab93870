import { randomUUID } from 'node:crypto';
import type { Budget } from '../core/budget.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { openAIErrorResponse } from '../http/openai-error.js';
import type { Reasoner } from './reasoner.js';
import type { SearchPool } from './search-pool.js';
import type { SearchStore } from './search-store.js';
import { ServerMetrics } from './server-metrics.js';
import { createNodeHttpFetch } from '../models/node-http-fetch.js';
import { splitModel, type SearchCatalog, type StrategyDefaults } from './strategy.js';
import type { UpstreamConfig } from './upstream.js';

export interface ServerAppOptions {
  catalog: SearchCatalog;
  reasoner: Reasoner;
  /** The OpenAI-compatible server behind this one; absent: offline (searches only, with the offline solver). */
  upstream?: UpstreamConfig | null;
  /** The upstream model a search uses when the request names none (`bon-8`, `metacot`). */
  defaultModel?: string | null;
  /** The search for `metacot`, for a `metacot` object without `search`, and offline (default `adaptive`). */
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
  /** Browser origins allowed (CORS headers, and requests carrying an `Origin`); absent or empty: every browser origin is refused. */
  corsOrigins?: readonly string[];
  store?: SearchStore;
  /** Store every served search unless the request says `metacot.store: false` (default false: only when asked). */
  storeByDefault?: boolean;
  /** The worker pool the reasoner runs searches in, when it does (its load is reported by /health and /metrics). */
  pool?: SearchPool;
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

/** What every route shares: the options, resolved, and the server-wide state. */
export interface ServerContext {
  readonly options: ServerAppOptions;
  readonly metrics: ServerMetrics;
  readonly gate: ConcurrencyGate;
  readonly fetch: typeof globalThis.fetch;
  readonly upstream: UpstreamConfig | null;
  readonly defaults: StrategyDefaults;
  readonly maxBodyBytes: number;
  now(): number;
  newId(): string;
  log(line: string): void;
  /** True for a model name with no strategy in it (bounded memo: clients choose the names). */
  isPlainModel(model: string): boolean;
  /** The 429 for a full server, counted. */
  busy(route: string): Response;
}

export function createServerContext(options: ServerAppOptions): ServerContext {
  const metrics = options.metrics ?? new ServerMetrics();
  const gate = new ConcurrencyGate(options.maxConcurrency ?? 16);
  const upstream = options.upstream ?? null;
  const caps = options.caps ?? DEFAULT_CAPS;
  const plainModels = new Map<string, boolean>();
  const wait = options.retryAfterSeconds ?? 1;
  return {
    options,
    metrics,
    gate,
    fetch: options.fetch ?? createNodeHttpFetch({ body: 'streaming' }),
    upstream,
    defaults: { search: options.defaultSearch ?? 'adaptive', model: options.defaultModel ?? null, passThrough: upstream !== null, caps },
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    now: options.now ?? Date.now,
    newId: options.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 24)),
    log: options.log ?? (() => {}),
    isPlainModel(model) {
      let plain = plainModels.get(model);
      if (plain === undefined) {
        plain = splitModel(model, options.catalog).prefix === null;
        if (plainModels.size >= 1000) plainModels.clear();
        plainModels.set(model, plain);
      }
      return plain;
    },
    busy(route) {
      metrics.inc('metacot_errors_total', { kind: 'rate-limit' });
      metrics.inc('metacot_requests_total', { route, kind: 'refused', status: '429' });
      return openAIErrorResponse(429, `this server is serving its limit of ${gate.limit} requests at once; retry after ${wait} s`, 'rate_limit_error', { code: 'concurrency_limit', headers: { 'retry-after': String(wait) } });
    },
  };
}
