import { InputError } from '../core/errors.js';
import { withCache } from './cached-model.js';
import type { LanguageModel } from './language-model.js';
import type { ContinuationMode, NMode, OpenAIEndpoint } from './openai-model.js';
import { RequestCache } from './request-cache.js';
import type { ServerKind } from './server-probe.js';

export interface ModelSpecOptions {
  /** One or more base URLs (several: load balancing and failover); also comma-separated. */
  baseUrl?: string | readonly string[];
  /** An API key from config. Prefer the environment (OPENAI_API_KEY); never put it in a trace. */
  apiKey?: string;
  /** Where OPENAI_BASE_URL / OPENAI_API_KEY / METACOT_* are read from (default process.env). */
  env?: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  /** A request-cache file (or an open cache) to put in front of the model. */
  cache?: string | RequestCache;
  maxConcurrency?: number;
  maxRetries?: number;
  timeoutMs?: number;
  nMode?: NMode;
  /** The servers' kind, or `auto` (default): asked once per base URL. */
  serverKind?: ServerKind | 'auto';
  continuation?: ContinuationMode;
  /** The model's chat template: a tokenizer_config.json path or URL, a .jinja file, or `chatml` / `llama3`. */
  chatTemplate?: string;
  /** GGUF: context size in tokens and parallel sequences. */
  contextSize?: number;
  sequences?: number;
  threads?: number;
}

/** Builds a model for specs with a prefix this file does not know (e.g. `embedded:`). */
export type ModelFactory = (name: string, options: ModelSpecOptions) => Promise<LanguageModel>;

const factories = new Map<string, ModelFactory>();

/** Lets another module (the embedded model, a plugin) serve `prefix:NAME` specs. */
export function registerModelProvider(prefix: string, factory: ModelFactory): void {
  factories.set(prefix, factory);
}

export const MODEL_SPEC_HELP = 'openai:NAME (with --base-url or OPENAI_BASE_URL), gguf:PATH';

/**
 * Resolves a model spec as the CLI and the server take it:
 * - `openai:NAME`: an OpenAI-compatible server; base URL from options or OPENAI_BASE_URL
 *   (default http://localhost:8080/v1, llama.cpp's port); key from options or OPENAI_API_KEY;
 * - `gguf:PATH`: a local GGUF file through node-llama-cpp (loaded lazily);
 * - any prefix registered with `registerModelProvider`.
 * With `cache`, the model sits behind a persistent RequestCache.
 */
export async function createLanguageModel(spec: string, options: ModelSpecOptions = {}): Promise<LanguageModel> {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new InputError(`model spec "${spec}" is not PROVIDER:NAME (expected ${MODEL_SPEC_HELP})`);
  }
  const prefix = spec.slice(0, colon);
  const name = spec.slice(colon + 1);
  let model: LanguageModel;
  if (prefix === 'openai') model = await openai(name, options);
  else if (prefix === 'gguf') {
    const { createGgufModel } = await import('./gguf-model.js');
    const chatTemplate = options.chatTemplate ? await loadTemplate(options) : undefined;
    model = await createGgufModel({ path: name, ...(chatTemplate ? { chatTemplate } : {}), ...(options.contextSize ? { contextSize: options.contextSize } : {}), ...(options.sequences ? { sequences: options.sequences } : {}), ...(options.threads ? { threads: options.threads } : {}) });
  } else {
    const factory = factories.get(prefix);
    if (!factory) throw new InputError(`unknown model provider "${prefix}" in "${spec}" (expected ${[MODEL_SPEC_HELP, ...[...factories.keys()].map((p) => `${p}:NAME`)].join(', ')})`);
    model = await factory(name, options);
  }
  if (options.cache === undefined) return model;
  const cache = typeof options.cache === 'string' ? new RequestCache(options.cache) : options.cache;
  return withCache(model, cache);
}

async function openai(name: string, options: ModelSpecOptions): Promise<LanguageModel> {
  const env = options.env ?? process.env;
  const urls = (typeof options.baseUrl === 'string' ? [options.baseUrl] : options.baseUrl ?? [env.OPENAI_BASE_URL ?? 'http://localhost:8080/v1'])
    .flatMap((u) => u.split(','))
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  const apiKey = options.apiKey ?? env.OPENAI_API_KEY;
  const endpoints: OpenAIEndpoint[] = urls.map((baseURL) => ({ baseURL, ...(apiKey ? { apiKey } : {}) }));
  const { createOpenAIModel } = await import('./openai-model.js');
  const chatTemplate = options.chatTemplate ? await loadTemplate(options) : undefined;
  return createOpenAIModel({
    model: name,
    endpoints,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.maxConcurrency !== undefined ? { maxConcurrency: options.maxConcurrency } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.nMode ? { nMode: options.nMode } : {}),
    ...(options.continuation ? { continuation: options.continuation } : {}),
    ...(options.serverKind ? { serverKind: options.serverKind } : {}),
    ...(chatTemplate ? { chatTemplate } : {}),
  });
}

async function loadTemplate(options: ModelSpecOptions) {
  const { loadChatTemplate } = await import('./load-chat-template.js');
  return loadChatTemplate(options.chatTemplate!, options.fetch ? { fetch: options.fetch } : {});
}
