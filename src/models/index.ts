export * from './language-model.js';
export * from './validate-request.js';
export * from './mock-model.js';
export * from './model-request-error.js';
export * from './abortable-sleep.js';
export * from './retry-delay.js';
export * from './concurrency-limiter.js';
export * from './endpoint-pool.js';
export * from './chat-template.js';
export * from './openai-model.js';
export * from './node-http-fetch.js';
export * from './request-cache.js';
export * from './cached-model.js';
export * from './create-language-model.js';
// node-llama-cpp is imported only when a GGUF model is loaded, so this costs nothing up front.
export * from './gguf-model.js';
