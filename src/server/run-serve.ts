import { availableParallelism } from 'node:os';
import type { Budget } from '../core/budget.js';
import { InputError } from '../core/errors.js';
import { createServerApp } from './create-server-app.js';
import { SERVER_TEXT_VERIFIERS } from './model-reasoner.js';
import { pooledReasoner } from './pooled-reasoner.js';
import { reasonerFromConfig, type ReasonerConfig } from './reasoner-config.js';
import { registryCatalog } from './search-catalog.js';
import { SearchPool } from './search-pool.js';
import { createSearchStore } from './search-store.js';
import { isLoopback, startServer, type RunningServer } from './start-server.js';
import { displayBase } from './upstream.js';

export interface ServeOptions {
  host: string;
  port: number;
  upstream?: string;
  upstreamKey?: string;
  upstreamTimeoutMs?: number;
  model?: string;
  strategy: string;
  verifier?: string;
  apiKeys: string[];
  maxConcurrency: number;
  maxBodyBytes: number;
  caps: Budget;
  corsOrigins: string[];
  store?: string;
  storeAll: boolean;
  /** A request-cache file (SQLite) in front of the upstream model for searches. */
  cache?: string;
  /** Who solves puzzles offline: `auto` (the shipped embedded model when present, else symbolic), `embedded`, `symbolic`. */
  offlinePolicy?: 'auto' | 'embedded' | 'symbolic';
  /** The embedded model: a shipped name or a `.mct` path (default: the shipped Game of 24 reasoner). */
  embeddedModel?: string;
  quiet: boolean;
  /** Search worker threads (default: the machine's cores); 0 runs searches on the event loop (for debugging only). */
  searchWorkers?: number;
  /** Searches that may wait for a worker (default 64); more get 429. */
  searchQueue?: number;
  /** Upstream calls of searches in flight at once, per model (default 64). */
  upstreamConcurrency?: number;
}

/** Documented ranges of the serve flags that size the server (docs/server.md, "Flags"). */
export const SERVE_LIMITS = {
  searchWorkers: { min: 0, max: 64 },
  searchQueue: { min: 0, max: 100_000 },
  upstreamConcurrency: { min: 1, max: 4096 },
  maxConcurrency: { min: 1, max: 100_000 },
} as const;

function checkRange(flag: string, value: number | undefined, range: { min: number; max: number }): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < range.min || value > range.max) throw new InputError(`${flag} must be an integer in [${range.min}, ${range.max}], got ${value}`);
}

export interface ServeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Starts `metacot serve`: checks the configuration (no unauthenticated server off
 * loopback), builds the app, listens, prints where and how it serves, and returns the
 * running server. Keys are never printed.
 */
export async function runServe(options: ServeOptions, io: ServeIo): Promise<RunningServer> {
  checkRange('--search-workers', options.searchWorkers, SERVE_LIMITS.searchWorkers);
  checkRange('--search-queue', options.searchQueue, SERVE_LIMITS.searchQueue);
  checkRange('--upstream-concurrency', options.upstreamConcurrency, SERVE_LIMITS.upstreamConcurrency);
  checkRange('--max-concurrency', options.maxConcurrency, SERVE_LIMITS.maxConcurrency);
  for (const origin of options.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new InputError(`--cors-origin '${origin}' is not an origin (expected e.g. https://app.example or http://localhost:3000, no path)`);
  }
  const loopback = isLoopback(options.host);
  if (options.apiKeys.length === 0 && !loopback) {
    throw new InputError(`refusing to serve on ${options.host} without authentication: set --api-key or METACOT_API_KEY, or bind to 127.0.0.1`);
  }
  if (options.upstream !== undefined) {
    try {
      new URL(options.upstream);
    } catch {
      throw new InputError(`--upstream '${displayBase(options.upstream)}' is not a URL (expected e.g. http://127.0.0.1:8080/v1)`);
    }
  }
  const catalog = registryCatalog();
  try {
    catalog.parse(options.strategy);
  } catch (error) {
    throw new InputError(`--strategy: ${error instanceof Error ? error.message : String(error)}`);
  }
  const verifierName = options.verifier ?? 'process-judge';
  if (!SERVER_TEXT_VERIFIERS[verifierName]) throw new InputError(`--verifier '${verifierName}' is unknown; valid: ${Object.keys(SERVER_TEXT_VERIFIERS).join(', ')}`);
  const upstream = options.upstream
    ? { baseURL: options.upstream, ...(options.upstreamKey ? { apiKey: options.upstreamKey } : {}), ...(options.upstreamTimeoutMs ? { timeoutMs: options.upstreamTimeoutMs } : {}) }
    : null;
  if (options.cache && !upstream) throw new InputError('--cache needs --upstream: the offline solver calls no model');
  const workers = options.searchWorkers ?? availableParallelism();
  const upstreamConcurrency = options.upstreamConcurrency ?? 64;
  const config: ReasonerConfig = {
    offlinePolicy: options.offlinePolicy ?? 'auto',
    ...(options.embeddedModel ? { embeddedModel: options.embeddedModel } : {}),
    upstream,
    defaultVerifier: verifierName,
    // Each worker has its own connections: the flag's total is shared out among them.
    upstreamConcurrency: workers > 0 ? Math.max(1, Math.ceil(upstreamConcurrency / workers)) : upstreamConcurrency,
    ...(options.cache ? { cachePath: options.cache } : {}),
  };
  // The main thread's reasoner checks requests (4xx before any byte); the workers run them.
  const { cachePath: _cache, ...checkOnly } = config;
  const local = reasonerFromConfig(workers > 0 ? checkOnly : config);
  const pool = workers > 0 ? new SearchPool({ config, workers, queue: options.searchQueue ?? 64, ioPerWorker: Math.max(1, Math.ceil(options.maxConcurrency / workers)) }) : null;
  const reasoner = pool ? pooledReasoner(local.reasoner, pool) : local.reasoner;
  const { app } = createServerApp({
    catalog,
    reasoner,
    ...(pool ? { pool } : {}),
    upstream,
    defaultModel: upstream ? options.model ?? null : null,
    defaultSearch: options.strategy,
    apiKeys: options.apiKeys,
    maxConcurrency: options.maxConcurrency,
    maxBodyBytes: options.maxBodyBytes,
    caps: options.caps,
    corsOrigins: options.corsOrigins,
    ...(options.store ? { store: createSearchStore(options.store), storeByDefault: options.storeAll } : {}),
    ...(options.quiet ? {} : { log: (line: string) => io.stderr(`${new Date().toISOString()} ${line}\n`) }),
  });
  const server = await startServer(app, { host: options.host, port: options.port });
  const close = server.close;
  server.close = async () => {
    await close();
    await pool?.close();
    local.close();
  };
  io.stdout(`metacot serve: ${server.url}/v1  (Ctrl-C to stop)\n`);
  io.stdout(
    upstream
      ? `  upstream ${displayBase(upstream.baseURL)}; plain model names pass through, SPEC:MODEL searches (default search ${options.strategy}${options.model ? `, default model ${options.model}` : ''})\n`
      : `  no upstream: Game of 24 / Countdown questions are solved offline (default search ${options.strategy})\n`,
  );
  io.stdout(`  offline puzzles: ${local.offline}\n`);
  if (options.apiKeys.length === 0) io.stdout(`  authentication is OFF (allowed because ${options.host} is loopback only)\n`);
  else io.stdout(`  authentication: bearer key required (${options.apiKeys.length} key${options.apiKeys.length === 1 ? '' : 's'})\n`);
  io.stdout(pool ? `  searches run in ${workers} worker thread${workers === 1 ? '' : 's'}; up to ${options.searchQueue ?? 64} more wait, beyond that 429\n` : '  searches run on the event loop (--search-workers 0)\n');
  if (options.cache) io.stdout(`  upstream calls of searches go through the request cache ${options.cache}\n`);
  if (options.store) io.stdout(`  storing ${options.storeAll ? 'every served search' : 'searches that ask for it (metacot.store)'} in ${options.store}\n`);
  return server;
}
