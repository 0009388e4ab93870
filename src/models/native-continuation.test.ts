import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { loadChatTemplate } from './load-chat-template.js';
import { createOpenAIModel } from './openai-model.js';
import { probeServer } from './server-probe.js';
import { recordedRequestText, route, routedFetch, type Route } from './test-support/replay-fetch.js';

// Server kinds and their continuations against the llama.cpp recordings and the vLLM and
// Ollama exchanges written from those servers' documented shapes (no server runs here).

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), 'test-support', 'chat-templates');
const SYSTEM = 'Solve the problem step by step. Separate the steps with a blank line. Put the final answer within \\boxed{}.';
const partialChat = [
  { role: 'system' as const, content: SYSTEM },
  { role: 'user' as const, content: 'Use 4 9 10 13 to make 24.' },
  { role: 'assistant' as const, content: '13 - 9 = 4\n\n' },
];
const sampling = { stop: ['\n\n'], maxTokens: 64, temperature: 0.7, seed: 5 };

const llamaRoutes: Route[] = [route('GET', '/v1/models', 'models'), route('GET', '/props', 'props')];
const vllmRoutes: Route[] = [route('GET', '/v1/models', 'models', 'vllm-server'), route('GET', '/version', 'version', 'vllm-server'), route('GET', '/props', 'props', 'vllm-server')];
const ollamaRoutes: Route[] = [route('GET', '/v1/models', 'models', 'ollama-server'), route('GET', '/props', 'props', 'ollama-server'), route('GET', '/api/version', 'version', 'ollama-server')];

describe('server kind detection', () => {
  it('recognises llama.cpp (slots and template from /props), vLLM, Ollama, and anything else as generic', async () => {
    const llama = await probeServer('http://llama.test:8080/v1', routedFetch(llamaRoutes), {});
    expect(llama).toMatchObject({ kind: 'llama.cpp', detectedBy: '/v1/models owned_by=llamacpp, /props', slots: 2 });
    expect(llama.chatTemplate).toMatchObject({ origin: 'llama.cpp /props', bosToken: '<s>', eosToken: '</s>' });

    const vllmFetch = routedFetch(vllmRoutes);
    expect(await probeServer('http://vllm.test:8000/v1', vllmFetch, {})).toEqual({ kind: 'vllm', detectedBy: '/v1/models owned_by=vllm', version: '0.10.1' });
    expect(vllmFetch.sent.map((s) => new URL(s.url).pathname)).toEqual(['/v1/models', '/version']);

    const ollamaFetch = routedFetch(ollamaRoutes);
    expect(await probeServer('http://ollama.test:11434/v1/', ollamaFetch, {})).toEqual({ kind: 'ollama', detectedBy: '/api/version', version: '0.11.4' });
    expect(ollamaFetch.sent.map((s) => s.url)).toEqual(['http://ollama.test:11434/v1/models', 'http://ollama.test:11434/props', 'http://ollama.test:11434/api/version']);

    expect(await probeServer('https://api.example.test/v1', routedFetch([]), {})).toEqual({ kind: 'openai', detectedBy: 'nothing answered as llama.cpp, vLLM, SGLang or Ollama' });
    const sglang: Route = (r) => (new URL(r.url).pathname === '/v1/models' ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"object":"list","data":[{"id":"m","owned_by":"sglang"}]}' } : undefined);
    expect((await probeServer('http://sglang.test/v1', routedFetch([sglang]), {})).kind).toBe('sglang');
  });
});

describe('native continuation per server kind', () => {
  it('vLLM: continue_final_message and add_generation_prompt, byte for byte as the documented request', async () => {
    const fetch = routedFetch([...vllmRoutes, route('POST', '/v1/chat/completions', 'chat_continue', 'vllm-server')]);
    const model = createOpenAIModel({ model: 'Qwen/Qwen3-0.6B', endpoints: [{ baseURL: 'http://vllm.test:8000/v1' }], fetch });
    const result = await model.generate({ messages: partialChat, n: 2, ...sampling });
    const post = fetch.sent.filter((s) => s.method === 'POST');
    expect(post).toHaveLength(1);
    expect(post[0]!.text).toBe(recordedRequestText('chat_continue', 'vllm-server'));
    expect(result.choices.map((c) => c.text)).toEqual(['10 - 4 = 6', '4 * 4 = 16']);
    // vLLM reports the choices' summed tokens; how they split between the two is estimated.
    expect(result.usage).toEqual({ tokensIn: 61, tokensOut: 14, estimated: true });
    expect(await model.describeServing()).toEqual({
      provider: 'openai',
      model: 'Qwen/Qwen3-0.6B',
      replicas: [{ url: 'http://vllm.test:8000/v1', kind: 'vllm', detectedBy: '/v1/models owned_by=vllm', continuation: 'continue-final-message', chatTemplate: null, slots: null, maxInFlight: 8, version: '0.10.1' }],
    });
  });

  it('Ollama: raw generation on /api/generate with the model template, byte for byte as the documented request', async () => {
    const fetch = routedFetch([...ollamaRoutes, route('POST', '/api/generate', 'generate_raw', 'ollama-server')]);
    const chatTemplate = await loadChatTemplate(join(TEMPLATES, 'qwen3-0.6b.tokenizer_config.json'));
    const model = createOpenAIModel({ model: 'qwen3:0.6b', endpoints: [{ baseURL: 'http://ollama.test:11434/v1' }], fetch, chatTemplate });
    const result = await model.generate({ messages: partialChat, n: 2, ...sampling });
    const post = fetch.sent.filter((s) => s.method === 'POST');
    expect(post.map((s) => s.url)).toEqual(['http://ollama.test:11434/api/generate', 'http://ollama.test:11434/api/generate']);
    expect(post.map((s) => s.body.options)).toEqual([{ num_predict: 64, temperature: 0.7, seed: 5, stop: ['\n\n'] }, { num_predict: 64, temperature: 0.7, seed: 6, stop: ['\n\n'] }]);
    expect(post[0]!.text).toBe(recordedRequestText('generate_raw', 'ollama-server'));
    expect(result.choices.map((c) => c.text)).toEqual(['10 - 4 = 6', '10 - 4 = 6']);
    expect(result.usage).toEqual({ tokensIn: 122, tokensOut: 14 });
    expect(result.warnings).toEqual([]);
    const serving = await model.describeServing();
    expect(serving.replicas).toEqual([expect.objectContaining({ kind: 'ollama', continuation: 'ollama-raw', chatTemplate: `file:${join(TEMPLATES, 'qwen3-0.6b.tokenizer_config.json')}` })]);
  });

  it('Ollama without a known template: its OpenAI endpoint continues the prefill', async () => {
    const reply = JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: '10 - 4 = 6' }, finish_reason: 'stop' }], usage: { prompt_tokens: 61, completion_tokens: 7 } });
    const chat: Route = (r) => (r.method === 'POST' ? { status: 200, headers: { 'content-type': 'application/json' }, body: reply } : undefined);
    const fetch = routedFetch([...ollamaRoutes, chat]);
    const model = createOpenAIModel({ model: 'qwen3:0.6b', endpoints: [{ baseURL: 'http://ollama.test:11434/v1' }], fetch });
    expect((await model.generate({ messages: partialChat, ...sampling })).choices[0]!.text).toBe('10 - 4 = 6');
    expect(fetch.sent.filter((s) => s.method === 'POST').map((s) => new URL(s.url).pathname)).toEqual(['/v1/chat/completions']);
    expect((await model.describeServing()).replicas).toEqual([expect.objectContaining({ continuation: 'prefill', chatTemplate: null })]);
  });

  it('a generic server: the rendered template on /v1/completions, or a clear error when no template is known', async () => {
    const completion = JSON.stringify({ id: 'c', object: 'text_completion', choices: [{ index: 0, text: '10 - 4 = 6', finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 7 } });
    const chatReply = JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: '10 - 4 = 6' }, finish_reason: 'stop' }] });
    const post: Route = (r) => (r.method === 'POST' ? { status: 200, headers: { 'content-type': 'application/json' }, body: r.url.endsWith('/chat/completions') ? chatReply : completion } : undefined);
    const bare = createOpenAIModel({ model: 'm', endpoints: [{ baseURL: 'https://api.example.test/v1' }], fetch: routedFetch([post]) });
    const error = await bare.generate({ messages: partialChat, ...sampling }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "openai:m at https://api.example.test/v1: continuing a partial answer on this server (openai: nothing answered as llama.cpp, vLLM, SGLang or Ollama) needs the model's chat template, and none is known: give --chat-template with its tokenizer_config.json (a path or URL), a .jinja file, or chatml / llama3; or --server-kind if the server is llama.cpp, vLLM, SGLang or Ollama",
    );
    // A question without a partial answer needs no template.
    expect((await bare.generate({ messages: partialChat.slice(0, 2) })).choices[0]!.text).toBe('10 - 4 = 6');

    const fetch = routedFetch([post]);
    const chatTemplate = await loadChatTemplate(join(TEMPLATES, 'mistral-nemo-instruct-2407.tokenizer_config.json'));
    const model = createOpenAIModel({ model: 'm', endpoints: [{ baseURL: 'https://api.example.test/v1' }], fetch, chatTemplate });
    await model.generate({ messages: partialChat, ...sampling });
    const sent = fetch.sent.filter((s) => s.method === 'POST');
    expect(new URL(sent[0]!.url).pathname).toBe('/v1/completions');
    // Mistral Nemo's template puts the system prompt only before a *last* user message, so a
    // continued answer loses it — as it does under transformers and vLLM with this template.
    expect(sent[0]!.body.prompt).toBe('<s>[INST]Use 4 9 10 13 to make 24.[/INST]13 - 9 = 4\n\n');
  });

  it('llama.cpp: prefill, the template from /props, and at most total_slots sequences in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const chat: Route = (r) => {
      if (r.method !== 'POST') return undefined;
      const n = (r.body.n as number | undefined) ?? 1;
      const choices = Array.from({ length: n }, (_, index) => ({ index, finish_reason: 'stop', message: { role: 'assistant', content: 'x' } }));
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ choices, usage: { prompt_tokens: 3, completion_tokens: n } }) };
    };
    const fetch = routedFetch([...llamaRoutes, chat]);
    const slow = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const post = init?.method === 'POST';
      if (post) peak = Math.max(peak, ++inFlight);
      try {
        if (post) await new Promise((r) => setTimeout(r, 5));
        return await fetch(input, init);
      } finally {
        if (post) inFlight--;
      }
    }) as typeof globalThis.fetch;
    const model = createOpenAIModel({ model: 'tiny', endpoints: [{ baseURL: 'http://llama.test:8080/v1' }], fetch: slow, maxConcurrency: 16 });
    const results = await Promise.all(Array.from({ length: 6 }, () => model.generate({ messages: partialChat, n: 2 })));
    expect(results.every((r) => r.choices.length === 2)).toBe(true);
    // Each request asks for 2 choices, which fill both slots: one request at a time.
    expect(peak).toBe(1);
    const posts = fetch.sent.filter((s) => s.method === 'POST');
    expect(posts.every((s) => s.body.continue_final_message === undefined && (s.body.messages as unknown[]).length === 3)).toBe(true);
    expect((await model.describeServing()).replicas).toEqual([
      { url: 'http://llama.test:8080/v1', kind: 'llama.cpp', detectedBy: '/v1/models owned_by=llamacpp, /props', continuation: 'prefill', chatTemplate: 'llama.cpp /props', slots: 2, maxInFlight: 2 },
    ]);
    // Detected once per base URL, not per request.
    expect(fetch.sent.filter((s) => s.method === 'GET')).toHaveLength(2);
    expect(readFileSync(join(TEMPLATES, 'README.md'), 'utf8')).toContain('Apache License 2.0');
  });
});
