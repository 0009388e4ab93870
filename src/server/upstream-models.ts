import type { LanguageModel } from '../models/language-model.js';
import { createOpenAIModel } from '../models/openai-model.js';
import type { UpstreamConfig } from './upstream.js';

/**
 * One OpenAI-compatible client per upstream model name, made on first use and kept, so
 * that concurrent searches share its connection limit and learned `n` support.
 */
export function upstreamModels(upstream: UpstreamConfig, options: { fetch?: typeof globalThis.fetch; maxConcurrency?: number; maxRetries?: number } = {}): (name: string) => LanguageModel {
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
      models.set(name, model);
    }
    return model;
  };
}
