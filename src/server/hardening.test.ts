import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedReasoner } from '../embedded/reasoner/embedded-reasoner.js';
import { createServerApp, type ServerAppOptions } from './create-server-app.js';
import { createDefaultReasoner } from './default-reasoner.js';
import { reasonerFromConfig } from './reasoner-config.js';
import { registryCatalog } from './search-catalog.js';
import { startStandInUpstream, type StandInUpstream } from './test-support/stand-in-upstream.js';
import { startTestServer } from './test-support/test-server.js';

/**
 * What one request must not be able to do to the server: run an unbounded search, spend
 * past its token budget, come from a web page, or lose a search to one refused upstream
 * call. The upstream is a stand-in (test-support/stand-in-upstream.ts), not a model server.
 */
const PUZZLE = 'Use 4 9 10 13 to make 24';
const UPSTREAM_KEY = 'sk-upstream-secret-0123456789';

function offlineApp(options: Partial<ServerAppOptions> = {}) {
  return createServerApp({ catalog: registryCatalog(), reasoner: createDefaultReasoner(), ...options }).app;
}

function post(app: ReturnType<typeof offlineApp>, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }, path = '/v1/chat/completions') {
  return app.request(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

type Completion = { choices: Array<{ message: { content: string }; finish_reason: string }>; usage: { completion_tokens: number }; metacot: Record<string, unknown>; error?: { code: string; message: string } };

describe('search size and malformed strategies', () => {
  it('refuses searches larger than the request budget before running any of them', async () => {
    const app = offlineApp();
    for (const model of ['bon-99999999', 'mcts-100000000', 'beam-100000x100000', 'beam-4x100000', 'maj-513']) {
      const started = performance.now();
      const response = await post(app, { model, messages: [{ role: 'user', content: PUZZLE }] });
      expect(performance.now() - started).toBeLessThan(500);
      expect(response.status, model).toBe(400);
      // Sizes past an algorithm's own maximum are malformed specs; the rest are over this request's budget.
      const { code } = ((await response.json()) as Completion).error!;
      expect(model === 'maj-513' ? ['over_budget'] : ['over_budget', 'unknown_strategy'], model).toContain(code);
    }
    const object = await post(app, { model: 'metacot', metacot: { search: { name: 'best-of-n', options: { n: 1e9 } } }, messages: [{ role: 'user', content: PUZZLE }] });
    expect(object.status).toBe(400);
    // Within the budget it runs.
    expect((await post(app, { model: 'bon-4', messages: [{ role: 'user', content: PUZZLE }] })).status).toBe(200);
  });

  it('answers bon-0, bon-abc and beam-0x0 with a 400 listing the valid forms, offline and in front of an upstream', async () => {
    const upstream = await startStandInUpstream();
    try {
      const online = createServerApp({ catalog: registryCatalog(), reasoner: createDefaultReasoner(), upstream: { baseURL: upstream.baseURL } }).app;
      for (const app of [offlineApp(), online]) {
        for (const model of ['bon-0', 'bon-abc', 'beam-0x0']) {
          const response = await post(app, { model, messages: [{ role: 'user', content: PUZZLE }] });
          expect(response.status, model).toBe(400);
          const body = (await response.json()) as Completion;
          expect(body.error).toMatchObject({ code: 'unknown_strategy' });
          expect(body.error!.message).toContain('bon-N');
        }
      }
      expect(upstream.requests).toHaveLength(0);
      // Model names that only look alike still pass through.
      expect((await post(online, { model: 'self-hosted-llm', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    } finally {
      await upstream.close();
    }
  });
});

describe('requests a web page could send', () => {
  it('requires application/json bodies', async () => {
    const app = offlineApp();
    const body = JSON.stringify({ model: 'metacot', messages: [{ role: 'user', content: PUZZLE }] });
    expect((await post(app, body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(app, body, {})).status).toBe(415);
    expect((await post(app, body, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post(app, body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('refuses browser origins unless --cors-origin allows them', async () => {
    const body = { model: 'metacot', messages: [{ role: 'user', content: PUZZLE }] };
    const json = { 'content-type': 'application/json' };
    const closed = offlineApp();
    const refused = await post(closed, body, { ...json, origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Completion).error).toMatchObject({ code: 'origin_not_allowed' });
    expect((await closed.request('/v1/models', { headers: { origin: 'null' } })).status).toBe(403);
    const open = offlineApp({ corsOrigins: ['https://app.example'] });
    const allowed = await post(open, body, { ...json, origin: 'https://app.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect((await post(open, body, { ...json, origin: 'https://evil.example' })).status).toBe(403);
    const preflight = await open.request('/v1/chat/completions', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
  });
});

describe('token budgets', () => {
  it('offline: max_tokens bounds the embedded model and the answer reports finish_reason length', async () => {
    const app = createServerApp({ catalog: registryCatalog(), reasoner: createDefaultReasoner({ chooseEmbedded: () => loadEmbeddedReasoner() }) }).app;
    for (const maxTokens of [5, 40]) {
      const response = await post(app, { model: 'metacot', max_tokens: maxTokens, messages: [{ role: 'user', content: PUZZLE }] });
      const body = (await response.json()) as Completion;
      expect(body.usage.completion_tokens).toBeLessThanOrEqual(maxTokens);
      if (body.metacot.stop_reason !== 'solved') {
        expect(body.metacot.stop_reason).toBe('tokens');
        expect(body.choices[0]!.finish_reason).toBe('length');
      }
    }
    const cut = (await (await post(app, { model: 'metacot', max_tokens: 5, messages: [{ role: 'user', content: PUZZLE }] })).json()) as Completion;
    expect(cut.choices[0]!.finish_reason).toBe('length');
  });

  describe('in front of an upstream', () => {
    let upstream: StandInUpstream;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      upstream = await startStandInUpstream({ reply: () => 'A long step that goes on and on. '.repeat(40) });
      server = await startTestServer({ baseURL: upstream.baseURL });
    });
    afterAll(async () => {
      await server.close();
      await upstream.close();
    });

    async function ask(body: unknown): Promise<Completion> {
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as Completion;
    }

    it('a client max_tokens bounds the sum of what the upstream calls of a bon-4 ask for', async () => {
      const before = upstream.requests.length;
      const body = await ask({ model: 'bon-4:stand-in', max_tokens: 120, messages: [{ role: 'user', content: 'Explain gravity.' }] });
      const asked = upstream.requests.slice(before).filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { max_tokens?: number; n?: number });
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((r) => typeof r.max_tokens === 'number')).toBe(true);
      expect(asked.reduce((sum, r) => sum + r.max_tokens! * (r.n ?? 1), 0)).toBeLessThanOrEqual(120);
      expect(body.usage.completion_tokens).toBeLessThanOrEqual(120);
      expect(body.metacot.stop_reason).toBe('tokens');
      expect(body.choices[0]!.finish_reason).toBe('length');
    });

    it('metacot.budget.max_tokens bounds a greedy search', async () => {
      const before = upstream.requests.length;
      const body = await ask({ model: 'greedy:stand-in', metacot: { budget: { max_tokens: 100 } }, messages: [{ role: 'user', content: 'Explain gravity.' }] });
      const asked = upstream.requests.slice(before).filter((r) => r.path === '/v1/chat/completions').map((r) => (r.body as { max_tokens: number }).max_tokens);
      expect(Math.max(...asked)).toBeLessThanOrEqual(100);
      expect(body.usage.completion_tokens).toBeLessThanOrEqual(100);
      expect(body.choices[0]!.finish_reason).toBe('length');
    });
  });
});

describe('upstream failures', () => {
  let upstream: StandInUpstream;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: OpenAI;
  beforeAll(async () => {
    upstream = await startStandInUpstream();
    server = await startTestServer({ baseURL: upstream.baseURL, apiKey: UPSTREAM_KEY });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it('ends a pass-through stream whose upstream dies with an OpenAI-style error event', async () => {
    upstream.configure({ reply: () => 'one two three four', dieMidStream: true });
    const stream = await client.chat.completions.create({ model: 'plain', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('broke off');
    expect(seen.join('')).toBe('one ');
    // The raw stream: whole events only, the error event, then [DONE].
    const raw = await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'plain', stream: true, messages: [{ role: 'user', content: 'hi' }] }) })).text();
    const events = raw.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events.at(-2)!.slice('data: '.length))).toMatchObject({ error: { type: 'upstream_error' } });
    for (const event of events.slice(0, -1)) expect(() => JSON.parse(event.slice('data: '.length))).not.toThrow();
    // The Responses API's pass-through too: its stream ends with the API's `error` event.
    const responses = await client.responses.create({ model: 'plain', input: 'hi', stream: true });
    const types: string[] = [];
    for await (const event of responses) types.push(event.type);
    expect(types).toEqual(['response.created', 'response.output_text.delta', 'error']);
    upstream.configure({});
  });

  it('keeps the finished part of a search when the upstream refuses a call with 400', async () => {
    // The first policy call answers; every later one is refused (a context overflow).
    let calls = 0;
    upstream.configure({ reply: () => 'First, look at the numbers.\n\nmore', failStatus: 400, failWhen: () => calls++ >= 1, failMessage: () => "This model's maximum context length is 8 tokens" });
    const before = upstream.requests.length;
    const completion = (await client.chat.completions.create({ model: 'greedy:stand-in', messages: [{ role: 'user', content: 'Explain gravity.' }] })) as unknown as Completion;
    expect(upstream.requests.slice(before).filter((r) => r.path === '/v1/chat/completions').length).toBeGreaterThanOrEqual(2);
    expect(completion.metacot).toMatchObject({ stop_reason: 'model-error' });
    expect(completion.metacot.nodes).toBeGreaterThan(1);
    expect(completion.metacot.error).toContain('HTTP 400');
    expect(completion.choices[0]!.message.content).toContain('First, look at the numbers.');
    upstream.configure({});
  });

  it('never returns the upstream key, even when the upstream echoes it', async () => {
    upstream.configure({ failStatus: 401, failMessage: (headers) => `bad key in: authorization: ${String(headers.authorization)}` });
    expect(upstream.requests.length === 0 || upstream.requests.every((r) => r.authorization === `Bearer ${UPSTREAM_KEY}`)).toBe(true);
    const relayed = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(relayed.status).toBe(401);
    const relayedText = await relayed.text();
    expect(relayedText).toContain('bad key in');
    expect(relayedText).not.toContain(UPSTREAM_KEY);
    const searched = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'greedy:stand-in', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(searched.status).toBe(502);
    const searchedText = await searched.text();
    expect(searchedText).toContain('HTTP 401');
    expect(searchedText).not.toContain(UPSTREAM_KEY);
    expect(searchedText).not.toContain('0123456789');
    upstream.configure({});
  });
});

describe('upstream concurrency', () => {
  it('bounds the upstream calls of a wide search, with no MaxListenersExceededWarning', async () => {
    const upstream = await startStandInUpstream({ reply: () => 'Some step.', delayMs: 15 });
    const built = reasonerFromConfig({ offlinePolicy: 'symbolic', upstream: { baseURL: upstream.baseURL }, defaultVerifier: 'none', upstreamConcurrency: 3, upstreamRetries: 0 });
    const server = await startTestServer({ baseURL: upstream.baseURL }, { reasoner: built.reasoner });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'bon-64:stand-in', messages: [{ role: 'user', content: 'Explain gravity.' }], metacot: { budget: { max_policy_calls: 128 } } }) });
      expect(response.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      expect(upstream.maxActive).toBeLessThanOrEqual(3);
      expect(upstream.requests.filter((r) => r.path === '/v1/chat/completions').length).toBeGreaterThanOrEqual(64);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      await server.close();
      await upstream.close();
      built.close();
    }
  });
});
