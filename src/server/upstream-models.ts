import type { LanguageModel } from '../models/language-model.js';
import { withCache } from '../models/cached-model.js';
import { createOpenAIModel } from '../models/openai-model.js';
import type { RequestCache } from '../models/request-cache.js';
import type { UpstreamConfig } from './upstream.js';

/**
 * One OpenAI-compatible client per upstream model name (optionally behind a request cache), made on first use and kept, so
 * that concurrent searches share its connection limit and learned `n` support.
 */
export function upstreamModels(
  upstream: UpstreamConfig,
  options: { fetch?: typeof globalThis.fetch; maxConcurrency?: number; maxRetries?: number; cache?: RequestCache } = {},
): (name: string) => LanguageModel {
  const models = new Map<string, LanguageModel>();
  return (name) => {
    let model = models.get(name);
    if (!model) {
      model = createOpenAIModel({
        model: name,
        endpoints: [{ baseURL: upstream.baseURL, ...(upstream.apiKey ? { apiKey: upstream.apiKey } : {}) }],
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(upstream.timeoutMs !== undefined ? { timeoutMs: upstream.timeoutMs } : {}),
        maxConcurrency: options.maxConcurrency ?? 16,
        maxRetries: options.maxRetries ?? 2,
      });
      // Behind the request cache, a served search can be replayed (and extended) without the upstream.
      if (options.cache) model = withCache(model, options.cache);
      models.set(name, model);
    }
    return model;
  };
}
