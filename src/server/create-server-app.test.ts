import { describe, expect, it } from 'vitest';
import { createServerApp, type ServerAppOptions } from './create-server-app.js';
import { createDefaultReasoner } from './default-reasoner.js';
import { ServerRequestError } from '../http/openai-error.js';
import type { PreparedSearch, Reasoner } from './reasoner.js';
import { registryCatalog } from './search-catalog.js';

const PUZZLE = 'Use 4 9 10 13 to make 24';

function makeApp(options: Partial<ServerAppOptions> = {}) {
  return createServerApp({ catalog: registryCatalog(), reasoner: createDefaultReasoner(), newId: () => 'test', now: () => 1_700_000_000_000, ...options });
}

function post(app: ReturnType<typeof makeApp>['app'], body: unknown, headers: Record<string, string> = {}) {
  return app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('server app (in-process)', () => {
  it('answers /health and lists the metacot model', async () => {
    const { app } = makeApp();
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', upstream: false });
    const models = (await (await app.request('/v1/models')).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['metacot']);
  });

  it('solves a puzzle offline, with the trace as reasoning_content and the search in `metacot`', async () => {
    const { app } = makeApp();
    const response = await post(app, { model: 'metacot', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: PUZZLE }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      choices: Array<{ message: { content: string; reasoning_content: string }; finish_reason: string }>;
      usage: Record<string, number>;
      metacot: Record<string, unknown>;
    };
    const { content, reasoning_content: reasoning } = body.choices[0]!.message;
    expect(content).toMatch(/Answer: .+ = 24$/);
    expect(reasoning).toContain('value ');
    expect(reasoning).toContain('Solution:');
    expect(body.metacot).toMatchObject({ search: 'adaptive', policy: 'symbolic', stop_reason: 'solved', verified: true });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens! + body.usage.completion_tokens!);
  });

  it('refuses a non-puzzle offline with a 400 that says what would work', async () => {
    const { app } = makeApp();
    const response = await post(app, { model: 'metacot', messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('no_puzzle');
    expect(body.error.message).toContain('--upstream');
  });

  it('refuses an unknown strategy with a 400 that lists the valid ones', async () => {
    const { app, metrics } = makeApp();
    const response = await post(app, { model: 'bogus-8:qwen', messages: [{ role: 'user', content: PUZZLE }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; param: string } };
    expect(body.error).toMatchObject({ code: 'unknown_strategy', param: 'model' });
    expect(body.error.message).toContain('bon-N');
    expect(metrics.value('metacot_errors_total', { kind: 'invalid' })).toBe(1);
  });

  it('refuses an over-budget request, and stops a search at the budget it was given', async () => {
    const { app } = makeApp({ caps: { maxPolicyCalls: 20 } });
    const over = await post(app, { model: 'metacot', messages: [{ role: 'user', content: PUZZLE }], metacot: { budget: { max_policy_calls: 21 } } });
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('over_budget');
    const cut = await post(app, { model: 'metacot', messages: [{ role: 'user', content: PUZZLE }], metacot: { budget: { max_policy_calls: 3 } } });
    const body = (await cut.json()) as { metacot: { stop_reason: string; policy_calls: number } };
    expect(body.metacot.stop_reason).toBe('policy-calls');
    expect(body.metacot.policy_calls).toBeLessThanOrEqual(3);
  });

  it('refuses bad JSON, bad fields and bodies over the size limit', async () => {
    const { app } = makeApp({ maxBodyBytes: 2000 });
    expect((await post(app, '{nope')).status).toBe(400);
    const badField = await post(app, { model: 'metacot', messages: [] });
    expect(badField.status).toBe(400);
    expect(((await badField.json()) as { error: { param: string } }).error.param).toBe('messages');
    const big = await post(app, { model: 'metacot', messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    expect(big.status).toBe(413);
  });

  it('requires the bearer key when one is set, and never echoes the key sent', async () => {
    const { app, metrics } = makeApp({ apiKeys: ['s3cret-key'] });
    const body = { model: 'metacot', messages: [{ role: 'user', content: PUZZLE }] };
    const missing = await post(app, body);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await post(app, body, { authorization: 'Bearer guessed-key-123' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('guessed-key-123');
    expect((await post(app, body, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/health')).status).toBe(200);
    expect((await post(app, body, { authorization: 'Bearer s3cret-key' })).status).toBe(200);
    expect(metrics.value('metacot_errors_total', { kind: 'auth' })).toBe(5);
  });

  it('turns requests beyond the concurrency cap away with 429 and retry-after', async () => {
    let release: () => void = () => {};
    const gateOpen = new Promise<void>((r) => (release = r));
    const held: Reasoner = {
      prepare: (): PreparedSearch => ({
        policyId: 'held',
        run: async (emit, signal) => {
          await gateOpen;
          const inner = createDefaultReasoner().prepare({ messages: [{ role: 'user', content: PUZZLE }], algorithm: (await import('../search/registry.js')).getSearchAlgorithm('greedy').algorithm, options: {}, model: null, verifier: null, budget: {}, seed: 0 });
          return inner.run(emit, signal);
        },
      }),
    };
    const { app, gate } = makeApp({ reasoner: held, maxConcurrency: 2, retryAfterSeconds: 3 });
    const body = { model: 'metacot', messages: [{ role: 'user', content: PUZZLE }] };
    const first = [post(app, body), post(app, body)];
    await new Promise((r) => setTimeout(r, 20));
    expect(gate.inFlight).toBe(2);
    const third = await post(app, body);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('3');
    release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    expect(gate.inFlight).toBe(0);
    expect((await post(app, body)).status).toBe(200);
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const off = makeApp().app;
    const plain = await off.request('/health', { headers: { origin: 'https://evil.example' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const on = makeApp({ corsOrigins: ['https://app.example'] }).app;
    const allowed = await on.request('/health', { headers: { origin: 'https://app.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it('exposes Prometheus metrics: requests, latency, tokens, searches, errors', async () => {
    const { app } = makeApp();
    await post(app, { model: 'metacot', messages: [{ role: 'user', content: PUZZLE }] });
    await post(app, { model: 'bogus-8:x', messages: [{ role: 'user', content: PUZZLE }] });
    const response = await app.request('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE metacot_requests_total counter');
    expect(text).toMatch(/metacot_requests_total\{kind="search",route="\/v1\/chat\/completions",status="200"\} 1/);
    expect(text).toMatch(/metacot_request_duration_seconds_bucket\{kind="search",route="\/v1\/chat\/completions",le="\+Inf"\} 1/);
    expect(text).toMatch(/metacot_searches_total\{stop_reason="solved"\} 1/);
    expect(text).toMatch(/metacot_errors_total\{kind="invalid"\} 1/);
    expect(text).toContain('metacot_tokens_total{direction="completion",kind="search"}');
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-z_]+(\{[^}]*\})? [0-9.e+-]+)$/);
  });

  it('keeps a silent stream open with comment lines while the search thinks', async () => {
    const slow: Reasoner = {
      prepare: (request): PreparedSearch => ({
        policyId: 'slow',
        run: async (emit, signal) => {
          await new Promise((r) => setTimeout(r, 120));
          return createDefaultReasoner().prepare(request).run(emit, signal);
        },
      }),
    };
    const { app } = makeApp({ reasoner: slow, heartbeatMs: 20 });
    const response = await post(app, { model: 'metacot', stream: true, messages: [{ role: 'user', content: PUZZLE }] });
    const text = await response.text();
    expect(text).toMatch(/^data: .*\n\n(: searching\n\n)+data: /);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('refuses n > 1 for a search', async () => {
    const { app } = makeApp();
    const response = await post(app, { model: 'metacot', n: 2, messages: [{ role: 'user', content: PUZZLE }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('n');
  });

  it('releases the request slot however a search ends', async () => {
    const failing = (error: Error): Reasoner => ({ prepare: () => ({ policyId: 'x', run: async () => { throw error; } }) });
    for (const [error, status] of [[new ServerRequestError(422, 'refused late'), 422], [new Error('boom'), 502]] as const) {
      const { app, gate } = makeApp({ reasoner: failing(error), maxConcurrency: 1 });
      for (const stream of [false, true]) {
        const response = await post(app, { model: 'metacot', stream, messages: [{ role: 'user', content: PUZZLE }] });
        expect(response.status).toBe(stream ? 200 : status);
        const text = await response.text();
        expect(text).toContain(error.message);
        expect(gate.inFlight).toBe(0);
      }
    }
  });
});

