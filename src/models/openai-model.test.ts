import { describe, expect, it } from 'vitest';
import { AbortError } from '../core/errors.js';
import { abortableSleep } from './abortable-sleep.js';
import { recorded, recordedRequest, replayFetch, type Recorded } from './test-support/replay-fetch.js';
import { ModelRequestError } from './model-request-error.js';
import { createOpenAIModel, type OpenAIModelOptions } from './openai-model.js';

// Protocol tests: recorded llama.cpp responses replayed through an injected fetch.

const BASE = 'http://llama.test:8080/v1';

function model(fetch: typeof globalThis.fetch, extra: Partial<OpenAIModelOptions> = {}) {
  const sleeps: number[] = [];
  const m = createOpenAIModel({
    model: 'tiny',
    endpoints: [{ baseURL: BASE, apiKey: 'sk-secret-123' }],
    fetch,
    serverKind: 'llama.cpp',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { m, sleeps };
}

const basic = { messages: [{ role: 'user' as const, content: '4 9 10 13' }], maxTokens: 8, temperature: 0.7, seed: 1 };

function withBody(r: Recorded, body: string): Recorded {
  return { ...r, body };
}

describe('OpenAI-compatible provider against recorded llama.cpp exchanges', () => {
  it('sends the recorded chat request and reads text and usage', async () => {
    const fetch = replayFetch([recorded('chat_basic')]);
    const { m } = model(fetch);
    const result = await m.generate(basic);
    expect(fetch.sent[0]!.url).toBe(`${BASE}/chat/completions`);
    expect(fetch.sent[0]!.body).toEqual(recordedRequest('chat_basic'));
    expect(fetch.sent[0]!.headers.get('authorization')).toBe('Bearer sk-secret-123');
    expect(result.choices).toEqual([{ text: 'o]l*[*oo', finishReason: 'length', tokens: 8 }]);
    expect(result.usage).toEqual({ tokensIn: 66, tokensOut: 8 });
    expect(result.warnings).toEqual([]);
    expect(m.id).toBe('openai:tiny');
  });

  it('uses native n when the server honours it', async () => {
    const fetch = replayFetch([recorded('chat_n2')]);
    const { m } = model(fetch);
    const result = await m.generate({ messages: basic.messages, maxTokens: 8, n: 2, seed: 1 });
    expect(fetch.sent).toHaveLength(1);
    expect(fetch.sent[0]!.body).toEqual(recordedRequest('chat_n2'));
    expect(result.choices.map((c) => c.text)).toEqual(['o]l*[*oo', 'oo]l*[*[']);
    // llama.cpp reports only the first choice's tokens; both choices are charged.
    expect(result.usage.tokensOut).toBe(16);
  });

  it('splits a request when the server rejects n, and remembers the limit for that endpoint', async () => {
    const fetch = replayFetch([recorded('chat_n3_over_slots'), recorded('chat_n2'), recorded('chat_basic'), recorded('chat_n2'), recorded('chat_basic')]);
    const { m, sleeps } = model(fetch);
    const result = await m.generate({ messages: basic.messages, maxTokens: 4, n: 3, seed: 1 });
    expect(result.choices.map((c) => c.text)).toEqual(['o]l*[*oo', 'oo]l*[*[', 'o]l*[*oo']);
    expect(fetch.sent.map((s) => [s.body.n, s.body.seed])).toEqual([[3, 1], [2, 1], [undefined, 3]]);
    expect(sleeps).toEqual([]); // a refused n is not a failure to back off from
    expect(result.warnings.map((w) => w.setting)).toEqual(['n']);
    await m.generate({ messages: basic.messages, maxTokens: 4, n: 3, seed: 1 });
    expect(fetch.sent.slice(3).map((s) => s.body.n)).toEqual([2, undefined]);
  });

  it('falls back to parallel single requests when a server ignores n', async () => {
    const fetch = replayFetch([recorded('chat_basic')]);
    const { m } = model(fetch);
    const result = await m.generate({ messages: basic.messages, n: 4, seed: 7 });
    expect(result.choices).toHaveLength(4);
    expect(fetch.sent.map((s) => s.body.seed)).toEqual([7, 8, 9, 10]);
    expect(fetch.sent.map((s) => s.body.n)).toEqual([4, undefined, undefined, undefined]);
    await m.generate({ messages: basic.messages, n: 2 });
    expect(fetch.sent.slice(4).map((s) => s.body.n)).toEqual([undefined, undefined]);
  });

  it('waits as long as retry-after says after a 429, then succeeds', async () => {
    const limited: Recorded = { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '2' }, body: '{"error":{"message":"slow down","type":"rate_limit"}}' };
    const fetch = replayFetch([limited, recorded('chat_basic')]);
    const { m, sleeps } = model(fetch);
    const result = await m.generate(basic);
    expect(sleeps).toEqual([2000]);
    expect(result.choices[0]!.text).toBe('o]l*[*oo');
  });

  it('backs off with jitter after a 500, then succeeds', async () => {
    const fetch = replayFetch([recorded('error_bad_json'), recorded('error_bad_json'), recorded('chat_basic')]);
    const { m, sleeps } = model(fetch);
    const result = await m.generate(basic);
    expect(result.choices[0]!.text).toBe('o]l*[*oo');
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
    expect(sleeps[1]).toBeGreaterThanOrEqual(750);
    expect(sleeps[1]).toBeLessThanOrEqual(1000);
  });

  it('times out a hanging request, retries, and names the endpoint when retries run out', async () => {
    const hang = (init: RequestInit | undefined) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const fetch = replayFetch([hang, recorded('chat_basic')]);
    const { m } = model(fetch, { timeoutMs: 30 });
    expect((await m.generate(basic)).choices[0]!.text).toBe('o]l*[*oo');

    const always = replayFetch([hang]);
    const { m: m2 } = model(always, { timeoutMs: 20, maxRetries: 1 });
    const error = await m2.generate(basic).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toBe('openai:tiny at http://llama.test:8080/v1: timed out after 20 ms');
    expect(always.sent).toHaveLength(2);
  });

  it('retries a truncated body and reports malformed JSON on one line', async () => {
    const body = recorded('chat_basic').body;
    const fetch = replayFetch([withBody(recorded('chat_basic'), body.slice(0, 120)), recorded('chat_basic')]);
    const { m, sleeps } = model(fetch);
    expect((await m.generate(basic)).choices[0]!.text).toBe('o]l*[*oo');
    expect(sleeps).toHaveLength(1);

    const bad = replayFetch([withBody(recorded('chat_basic'), '<html>502 Bad Gateway</html>')]);
    const { m: m2 } = model(bad, { maxRetries: 2 });
    const error = (await m2.generate(basic).catch((e: unknown) => e)) as ModelRequestError;
    expect(error).toBeInstanceOf(ModelRequestError);
    expect(error.message).toMatch(/^openai:tiny at http:\/\/llama\.test:8080\/v1: unreadable response \(.+\)$/);
    expect(error.message).not.toContain('\n');
    expect(bad.sent).toHaveLength(3);
  });

  it('reports a JSON body that is not a completion', async () => {
    const odd = replayFetch([withBody(recorded('chat_basic'), '{"object":"list","data":[]}')]);
    const error = (await model(odd, { maxRetries: 1 }).m.generate(basic).catch((e: unknown) => e)) as ModelRequestError;
    expect(error.message).toBe('openai:tiny at http://llama.test:8080/v1: unreadable response (the response has no `choices` array)');
    expect(odd.sent).toHaveLength(2);
  });

  it('can be aborted while waiting between retries', async () => {
    const fetch = replayFetch([recorded('error_bad_json')]);
    const m = createOpenAIModel({ model: 'tiny', endpoints: [{ baseURL: BASE }], fetch, serverKind: 'llama.cpp', sleep: abortableSleep, retryDelay: { initialMs: 60_000, maxMs: 60_000 } });
    const controller = new AbortController();
    const started = Date.now();
    const pending = m.generate(basic, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fetch.sent).toHaveLength(1);
  });

  it('does not retry a 400 and gives a one-line message naming endpoint and status but not the key', async () => {
    const fetch = replayFetch([recorded('error_bad_max_tokens')]);
    const { m, sleeps } = model(fetch);
    const error = (await m.generate(basic).catch((e: unknown) => e)) as ModelRequestError;
    expect(error).toBeInstanceOf(ModelRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^openai:tiny at http:\/\/llama\.test:8080\/v1: HTTP 400 invalid_request_error: /);
    expect(error.message).not.toContain('sk-secret');
    expect(sleeps).toEqual([]);
  });

  it('names a refused connection', async () => {
    const refuse = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    const { m } = model(replayFetch([refuse]), { maxRetries: 0 });
    await expect(m.generate(basic)).rejects.toThrow('openai:tiny at http://llama.test:8080/v1: cannot connect (ECONNREFUSED)');
  });

  it('continues a partial assistant message and strips the echoed prefill', async () => {
    const fetch = replayFetch([recorded('chat_prefill')]);
    const { m } = model(fetch);
    const result = await m.generate({ messages: [{ role: 'user', content: '4 9 10 13' }, { role: 'assistant', content: '13 - 9 = 4' }], maxTokens: 8, seed: 1 });
    expect(fetch.sent[0]!.body).toEqual(recordedRequest('chat_prefill'));
    expect(result.choices[0]!.text).toBe('*ooooooo');
  });

  it('adds vLLM continuation flags, or renders a template for the completions endpoint', async () => {
    const messages = [{ role: 'user' as const, content: 'q' }, { role: 'assistant' as const, content: 'step 1' }];
    const vllm = replayFetch([recorded('chat_basic')]);
    await model(vllm, { continuation: 'vllm' }).m.generate({ messages });
    expect(vllm.sent[0]!.body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    const completions = replayFetch([recorded('completion_basic')]);
    const result = await model(completions, { continuation: 'completions', chatTemplate: 'chatml' }).m.generate({ messages });
    expect(completions.sent[0]!.url).toBe(`${BASE}/completions`);
    expect(completions.sent[0]!.body.prompt).toBe('<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\nstep 1');
    expect(result.choices[0]!.text).toBe('*bo*o(*b');
  });

  it('reads chat logprobs and llama.cpp completion logprobs with their alternatives', async () => {
    const chat = await model(replayFetch([recorded('chat_logprobs')])).m.generate({ ...basic, maxTokens: 6, logprobs: true, topLogprobs: 3 });
    const lp = chat.choices[0]!.logprobs!;
    expect(lp).toHaveLength(6);
    expect(lp[0]).toMatchObject({ token: 'o', logprob: -0.013225425966084003 });
    expect(lp[0]!.top!.map((t) => t.token)).toEqual(['o', ']', '*']);

    const fetch = replayFetch([recorded('completion_n2_logprobs')]);
    const text = await model(fetch).m.generate({ prompt: 'Use 4 9 10 13 to make 24.\n', maxTokens: 6, n: 2, logprobs: true, topLogprobs: 3, seed: 1 });
    expect(fetch.sent[0]!.body).toEqual(recordedRequest('completion_n2_logprobs'));
    expect(text.choices.map((c) => c.text)).toEqual(['*bo*o(', 'o*l*l*']);
    expect(text.choices[0]!.logprobs!.map((t) => t.token).join('')).toBe('*bo*o(');
  });

  it('reads the legacy OpenAI completion logprobs arrays', async () => {
    const body = JSON.stringify({ choices: [{ index: 0, text: ' Yes', finish_reason: 'stop', logprobs: { tokens: [' Yes'], token_logprobs: [-0.1], top_logprobs: [{ ' No': -2.4, ' Yes': -0.1 }] } }] });
    const result = await model(replayFetch([{ status: 200, headers: { 'content-type': 'application/json' }, body }])).m.generate({ prompt: 'q', logprobs: true, topLogprobs: 2 });
    expect(result.choices[0]!.logprobs).toEqual([{ token: ' Yes', logprob: -0.1, top: [{ token: ' Yes', logprob: -0.1 }, { token: ' No', logprob: -2.4 }] }]);
    expect(result.usage.estimated).toBe(true);
  });

  it('fails over to a second endpoint', async () => {
    const seen: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = String(input);
      seen.push(url);
      if (url.startsWith('http://a.test')) throw new TypeError('fetch failed');
      const r = recorded('chat_basic');
      return new Response(r.body, { status: 200, headers: r.headers });
    }) as typeof globalThis.fetch;
    const m = createOpenAIModel({ model: 'tiny', endpoints: [{ baseURL: 'http://a.test/v1' }, { baseURL: 'http://b.test/v1' }], fetch, serverKind: 'llama.cpp', sleep: async () => {} });
    const results = await Promise.all([m.generate(basic), m.generate(basic), m.generate(basic)]);
    expect(results.every((r) => r.choices[0]!.text === 'o]l*[*oo')).toBe(true);
    expect(seen.filter((u) => u.startsWith('http://b.test'))).toHaveLength(3);
  });

  it('keeps at most maxConcurrency requests in flight per endpoint, and spreads load over endpoints', async () => {
    let inFlight = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    const fetch = (async (input: RequestInfo | URL) => {
      const host = new URL(String(input)).host;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const r = recorded('chat_basic');
      return new Response(r.body, { status: 200, headers: r.headers });
    }) as typeof globalThis.fetch;
    const m = createOpenAIModel({ model: 'tiny', endpoints: [{ baseURL: 'http://a.test/v1' }, { baseURL: 'http://b.test/v1' }], fetch, maxConcurrency: 2, nMode: 'single', serverKind: 'openai' });
    await Promise.all(Array.from({ length: 12 }, () => m.generate(basic)));
    expect(peak).toBe(4);
    expect(perHost.get('a.test')).toBe(6);
    expect(perHost.get('b.test')).toBe(6);
  });
});
