import { existsSync } from 'node:fs';
import type { Budget } from '../core/budget.js';
import { DEFAULT_REASONER, loadEmbeddedReasoner, misfit, modelFit, shippedModelPath, shippedModels, type EmbeddedModel } from '../embedded/index.js';
import type { ArithPuzzle } from './puzzle-from-text.js';
import { InputError } from '../core/errors.js';
import { createServerApp } from './create-server-app.js';
import { createDefaultReasoner } from './default-reasoner.js';
import { SERVER_TEXT_VERIFIERS } from './model-reasoner.js';
import { openRequestCache } from '../models/request-cache.js';
import { registryCatalog } from './search-catalog.js';
import { createSearchStore } from './search-store.js';
import { isLoopback, startServer, type RunningServer } from './start-server.js';
import { displayBase } from './upstream.js';
import { upstreamModels } from './upstream-models.js';

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
  const offline = offlineModels(options);
  if (options.cache && !upstream) throw new InputError('--cache needs --upstream: the offline solver calls no model');
  const cache = options.cache ? openRequestCache(options.cache) : undefined;
  const reasoner = createDefaultReasoner(
    upstream
      ? { chooseEmbedded: offline.choose, models: { model: upstreamModels(upstream, { maxConcurrency: options.maxConcurrency * 4, ...(cache ? { cache } : {}) }), verifiers: SERVER_TEXT_VERIFIERS, defaultVerifier: verifierName } }
      : { chooseEmbedded: offline.choose },
  );
  const { app } = createServerApp({
    catalog,
    reasoner,
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
  if (cache) {
    const close = server.close;
    server.close = async () => {
      await close();
      cache.close();
    };
  }
  io.stdout(`metacot serve: ${server.url}/v1  (Ctrl-C to stop)\n`);
  io.stdout(
    upstream
      ? `  upstream ${displayBase(upstream.baseURL)}; plain model names pass through, SPEC:MODEL searches (default search ${options.strategy}${options.model ? `, default model ${options.model}` : ''})\n`
      : `  no upstream: Game of 24 / Countdown questions are solved offline (default search ${options.strategy})\n`,
  );
  io.stdout(`  offline puzzles: ${offline.describe}\n`);
  if (options.apiKeys.length === 0) io.stdout(`  authentication is OFF (allowed because ${options.host} is loopback only)\n`);
  else io.stdout(`  authentication: bearer key required (${options.apiKeys.length} key${options.apiKeys.length === 1 ? '' : 's'})\n`);
  if (cache) io.stdout(`  upstream calls of searches go through the request cache ${options.cache}\n`);
  if (options.store) io.stdout(`  storing ${options.storeAll ? 'every served search' : 'searches that ask for it (metacot.store)'} in ${options.store}\n`);
  return server;
}

/**
 * Which embedded model solves an offline puzzle: `auto`, the shipped model that fits its
 * task, target and numbers; `embedded`, the named model (default: the shipped Game of 24
 * reasoner) where it fits. Any other puzzle goes to the symbolic policy, which solves all.
 */
function offlineModels(options: ServeOptions): { choose: (puzzle: ArithPuzzle) => EmbeddedModel | null; describe: string } {
  const mode = options.offlinePolicy ?? 'auto';
  const symbolic = { choose: () => null, describe: 'the symbolic policy (every legal step) with a heuristic value' };
  if (mode === 'symbolic') return symbolic;
  const taskOf = (puzzle: ArithPuzzle): 'game24' | 'countdown' => (puzzle.rules === 'integer' ? 'countdown' : 'game24');
  if (mode === 'auto' && options.embeddedModel === undefined) {
    const shipped = shippedModels().filter((m) => m.format === 'metacot');
    if (shipped.length === 0) return symbolic;
    return {
      choose: (puzzle) => {
        const fitting = shipped.find((m) => misfit(m.fit, taskOf(puzzle), puzzle.target, puzzle.numbers) === null);
        return fitting ? loadEmbeddedReasoner(fitting.name) : null;
      },
      describe: `the shipped embedded models where they fit (${shipped.map((m) => `embedded:${m.name}`).join(', ')}), else the symbolic policy`,
    };
  }
  const name = options.embeddedModel ?? DEFAULT_REASONER;
  if (mode === 'auto' && !name.endsWith('.mct') && !existsSync(shippedModelPath(name))) return symbolic;
  let model: EmbeddedModel;
  try {
    model = loadEmbeddedReasoner(name);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`--embedded-model: ${error.message}`);
    throw error;
  }
  const fit = modelFit(model.checkpoint.meta);
  return {
    choose: (puzzle) => (misfit(fit, taskOf(puzzle), puzzle.target, puzzle.numbers) === null ? model : null),
    describe: `the embedded model ${model.id} where it fits, else the symbolic policy`,
  };
}
