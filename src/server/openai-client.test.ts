import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInUpstream, type StandInUpstream } from './test-support/stand-in-upstream.js';
import { startTestServer } from './test-support/test-server.js';

/**
 * The official `openai` client against the server on a loopback socket. Where an upstream
 * is needed it is a stand-in (test-support/stand-in-upstream.ts), not a real model server.
 */
const PUZZLE = 'Use 4 9 10 13 to make 24';
const SOLUTION = ['13 - 9 = 4', '10 - 4 = 6', '4 * 6 = 24, so the answer is \\boxed{(13 - 9) * (10 - 4)}'];

/**
 * The stand-in writes the next step of a fixed solution after the partial answer it is
 * given, and answers a judge's short Yes/No question with Yes.
 */
function nextStep(body: { messages?: Array<{ role: string; content: unknown }>; max_tokens?: number }): string {
  if (body.max_tokens !== undefined && body.max_tokens <= 4) return 'Yes';
  const last = body.messages?.[body.messages.length - 1];
  const done = last?.role === 'assistant' && typeof last.content === 'string' ? last.content.split('\n\n').filter((s) => s.trim()).length : 0;
  return `${SOLUTION[Math.min(done, SOLUTION.length - 1)]}\n\nmore text after the step`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > ms) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

type ReasoningDelta = { content?: string | null; reasoning_content?: string };

describe('offline server through the openai client', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startTestServer(null, { newId: () => 'fixed' });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => server.close());

  it('answers a puzzle without streaming', async () => {
    const completion = await client.chat.completions.create({ model: 'metacot', messages: [{ role: 'user', content: PUZZLE }] });
    const message = completion.choices[0]!.message as typeof completion.choices[0]['message'] & { reasoning_content: string };
    expect(message.content).toMatch(/Answer: .* = 24/);
    expect(message.reasoning_content).toMatch(/value [\d.]+\n/);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect((completion as unknown as { metacot: { verified: boolean } }).metacot.verified).toBe(true);
  });

  it('streams the trace as reasoning_content, then the answer, then usage; the same text as without streaming', async () => {
    const whole = await client.chat.completions.create({ model: 'beam-3', messages: [{ role: 'user', content: PUZZLE }] });
    const stream = await client.chat.completions.create({ model: 'beam-3', stream: true, messages: [{ role: 'user', content: PUZZLE }] });
    let reasoning = '';
    let content = '';
    let reasoningChunks = 0;
    let usage: unknown = null;
    let order = '';
    for await (const chunk of stream) {
      if (chunk.usage) {
        usage = chunk.usage;
        order += 'U';
      }
      const delta = chunk.choices[0]?.delta as ReasoningDelta | undefined;
      if (delta?.reasoning_content) {
        reasoning += delta.reasoning_content;
        reasoningChunks++;
        if (!order.endsWith('R')) order += 'R';
      }
      if (delta?.content) {
        content += delta.content;
        order += 'C';
      }
    }
    expect(order).toBe('RCU');
    expect(reasoningChunks).toBeGreaterThan(2);
    const message = whole.choices[0]!.message as unknown as { content: string; reasoning_content: string };
    expect(reasoning).toBe(message.reasoning_content);
    expect(content).toBe(message.content);
    expect(usage).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it('frames SSE exactly: one `data: <json>` line and a blank line per event, `[DONE]` last', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'metacot', stream: true, messages: [{ role: 'user', content: PUZZLE }] }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(bytes.includes(13)).toBe(false); // no \r anywhere
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = text.split('\n\n');
    expect(events.pop()).toBe('');
    expect(events.pop()).toBe('data: [DONE]');
    for (const event of events) {
      expect(event.startsWith('data: ')).toBe(true);
      expect(event.includes('\n')).toBe(false);
      const payload = JSON.parse(event.slice(6)) as { object: string; id: string };
      expect(payload.object).toBe('chat.completion.chunk');
      expect(payload.id).toBe('chatcmpl-fixed');
    }
  });

  it('streams while the search runs, not after it', async () => {
    // A budget-free search over a slow upstream would do; offline, an unsolvable puzzle with a
    // wide search gives many events spread over time. The first delta must come long before the last.
    const stream = await client.chat.completions.create({ model: 'mcts-400', stream: true, messages: [{ role: 'user', content: 'Use 1 1 1 1 2 to make 97' }] });
    const times: number[] = [];
    for await (const chunk of stream) {
      if ((chunk.choices[0]?.delta as ReasoningDelta | undefined)?.reasoning_content) times.push(performance.now());
    }
    expect(times.length).toBeGreaterThan(10);
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThan(5);
  });
});

describe('refusals as the openai client sees them', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer(null, { apiKeys: ['right-key'], caps: { maxPolicyCalls: 400 } });
  });
  afterAll(() => server.close());
  const clientWith = (apiKey: string) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
  const puzzle = [{ role: 'user' as const, content: PUZZLE }];

  it('raises AuthenticationError for a wrong key, and answers the right one', async () => {
    const error = await clientWith('wrong-key').chat.completions.create({ model: 'metacot', messages: puzzle }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as APIError).message).not.toContain('wrong-key');
    const ok = await clientWith('right-key').chat.completions.create({ model: 'metacot', messages: puzzle });
    expect(ok.choices[0]!.message.content).toContain('Answer:');
  });

  it('raises BadRequestError for an unknown strategy and for an over-budget request', async () => {
    const client = clientWith('right-key');
    const unknown = await client.chat.completions.create({ model: 'quantum-8:x', messages: puzzle }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unknown as APIError).code).toBe('unknown_strategy');
    expect((unknown as APIError).message).toMatch(/valid: metacot, adaptive, greedy, bon-N, maj-N, beam-WxP/);
    // @ts-expect-error the metacot extension is not in the client's types
    const over = await client.chat.completions.create({ model: 'metacot', messages: puzzle, metacot: { budget: { max_policy_calls: 401 } } }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(OpenAI.BadRequestError);
    expect((over as APIError).code).toBe('over_budget');
  });
});

describe('server in front of a stand-in upstream', () => {
  let upstream: StandInUpstream;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: OpenAI;
  beforeAll(async () => {
    upstream = await startStandInUpstream({ reply: nextStep });
    server = await startTestServer({ baseURL: upstream.baseURL, apiKey: 'upstream-secret', timeoutMs: 1500 });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it('passes a plain model name through untouched, streaming and not', async () => {
    upstream.configure({ reply: () => 'Paris is the capital of France.' });
    const before = upstream.requests.length;
    const body = { model: 'qwen2.5:7b', messages: [{ role: 'user' as const, content: 'Capital of France?' }], temperature: 0.3, logit_bias: { '42': 1 } };
    const completion = await client.chat.completions.create(body);
    expect(completion.choices[0]!.message.content).toBe('Paris is the capital of France.');
    expect(completion.usage).toMatchObject({ prompt_tokens: 11 });
    const seen = upstream.requests[before]!;
    expect(seen.body).toEqual(body);
    expect(seen.authorization).toBe('Bearer upstream-secret');
    const stream = await client.chat.completions.create({ ...body, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Paris is the capital of France.');
    expect(server.metrics.value('metacot_tokens_total', { kind: 'pass-through', direction: 'prompt' })).toBe(22);
  });

  it('relays a pass-through stream byte for byte', async () => {
    upstream.configure({ reply: () => 'One two three four.' });
    const body = JSON.stringify({ model: 'plain', stream: true, messages: [{ role: 'user', content: 'count' }] });
    const raw = async (url: string, headers: Record<string, string>) => {
      const response = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const direct = await raw(upstream.baseURL, {});
    const relayed = await raw(`${server.url}/v1`, { authorization: 'Bearer client-key' });
    expect(relayed.type).toBe(direct.type);
    expect(relayed.bytes.equals(direct.bytes)).toBe(true);
    expect(relayed.bytes.toString()).toContain('data: [DONE]');
  });

  it('lists the upstream models, plain and with the default search', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['metacot', 'stand-in', 'metacot:stand-in']);
  });

  it('forwards the other OpenAI endpoints to the upstream as they are', async () => {
    const before = upstream.requests.length;
    const error = await client.embeddings.create({ model: 'e5', input: 'hello' }).catch((e: unknown) => e);
    // The stand-in has no embeddings route: its own 404 comes back through the server.
    expect((error as APIError).status).toBe(404);
    expect((error as APIError).message).toContain('no route /v1/embeddings');
    expect(upstream.requests[before]).toMatchObject({ path: '/v1/embeddings', authorization: 'Bearer upstream-secret', body: { model: 'e5', input: 'hello' } });
  });

  it('searches with the upstream model, with the whole conversation and every token counted', async () => {
    upstream.configure({ reply: nextStep });
    const before = upstream.requests.length;
    const completion = await client.chat.completions.create({
      model: 'bon-2:stand-in',
      messages: [
        { role: 'system', content: 'You are a careful puzzle solver.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! Give me a puzzle.' },
        { role: 'user', content: PUZZLE },
      ],
    });
    // The model's first use also asks the upstream what it is (GET /v1/models, /props): not model calls.
    const calls = upstream.requests.slice(before).filter((r) => r.path === '/v1/chat/completions');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const messages = (call.body as { messages: Array<{ role: string; content: string }> }).messages;
      expect(messages[0]!.role).toBe('system');
      expect(messages[0]!.content).toContain('You are a careful puzzle solver.');
      expect(messages.slice(1, 4).map((m) => m.content)).toEqual(['Hello', 'Hi! Give me a puzzle.', PUZZLE]);
    }
    const meta = (completion as unknown as { metacot: { verified: boolean; policy_calls: number } }).metacot;
    expect(meta.verified).toBe(true);
    expect(completion.choices[0]!.message.content).toContain('\\boxed{(13 - 9) * (10 - 4)}');
    // Every upstream call reported 11 prompt tokens; the response counts them all.
    expect(completion.usage!.prompt_tokens).toBe(11 * calls.length);
    expect(server.metrics.total('metacot_upstream_calls_total', { kind: 'policy' })).toBeGreaterThanOrEqual(meta.policy_calls);
  });

  it('streams reasoning while the upstream calls of the search are still being made', async () => {
    upstream.configure({ reply: nextStep, delayMs: 30 });
    const before = upstream.requests.length;
    const stream = await client.chat.completions.create({ model: 'bon-3:stand-in', stream: true, messages: [{ role: 'user', content: PUZZLE }] });
    let callsAtFirstReasoning = -1;
    for await (const chunk of stream) {
      if (callsAtFirstReasoning < 0 && (chunk.choices[0]?.delta as ReasoningDelta | undefined)?.reasoning_content) {
        callsAtFirstReasoning = upstream.requests.length - before;
      }
    }
    const total = upstream.requests.length - before;
    expect(callsAtFirstReasoning).toBeGreaterThan(0);
    expect(callsAtFirstReasoning).toBeLessThan(total);
  });

  it('counts the judge\'s upstream calls and tokens too', async () => {
    upstream.configure({ reply: nextStep });
    const before = upstream.requests.length;
    const completion = await client.chat.completions.create({
      model: 'beam-2x2:stand-in',
      messages: [{ role: 'user', content: PUZZLE }],
      // @ts-expect-error the metacot extension is not in the client's types
      metacot: { verifier: 'process-judge' },
    });
    const calls = upstream.requests.length - before;
    const meta = (completion as unknown as { metacot: { verified: boolean; verifier_calls: number; policy_calls: number } }).metacot;
    expect(meta.verified).toBe(true);
    expect(meta.verifier_calls).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(meta.policy_calls);
    expect(completion.usage!.prompt_tokens).toBe(11 * calls);
  });

  it('refuses an unknown verifier, listing the valid ones', async () => {
    const error = await client.chat.completions.create({
      model: 'bon-2:stand-in',
      messages: [{ role: 'user', content: PUZZLE }],
      // @ts-expect-error the metacot extension is not in the client's types
      metacot: { verifier: 'oracle' },
    }).catch((e: unknown) => e);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).message).toMatch(/unknown verifier 'oracle'; valid: process-judge, judge, rollout, none/);
  });

  it('stops the search and its upstream calls when the client disconnects mid-stream', async () => {
    // Every reply is a new step and none answers, so the search would run for long.
    // The first call is quick; from the second on, a call takes 3 s, so one is surely in
    // flight when the client hangs up, and waiting for it would show in the time taken.
    let counter = 0;
    const before = upstream.requests.length;
    let calls = 0;
    upstream.configure({ reply: () => `Consider option ${++counter}.`, delayMs: () => (calls++ >= 1 ? 3000 : 10) });
    const droppedBefore = upstream.dropped;
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'mcts-200:stand-in', stream: true, messages: [{ role: 'user', content: 'Use 1 1 1 1 to make 97' }] },
      { signal: controller.signal },
    );
    let reasoningSeen = false;
    try {
      for await (const chunk of stream) {
        if ((chunk.choices[0]?.delta as ReasoningDelta | undefined)?.reasoning_content) {
          reasoningSeen = true;
          controller.abort();
        }
      }
    } catch {
      // the client's own abort
    }
    expect(reasoningSeen).toBe(true);
    const hungUp = performance.now();
    await until(() => upstream.active === 0 && server.gate.inFlight === 0);
    expect(performance.now() - hungUp).toBeLessThan(2000);
    // The policy call in flight at the disconnect was cut off, not waited for.
    expect(upstream.dropped).toBeGreaterThan(droppedBefore);
    const settled = upstream.requests.length;
    await sleep(300);
    expect(upstream.requests.length).toBe(settled);
    expect(settled - before).toBeLessThan(10);
    expect(server.metrics.value('metacot_errors_total', { kind: 'client-disconnect' })).toBeGreaterThanOrEqual(1);
  });

  it('aborts the upstream request when a pass-through client disconnects mid-stream', async () => {
    upstream.configure({ reply: () => 'word '.repeat(200), chunkDelayMs: 20 });
    const dropped = upstream.dropped;
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'plain', stream: true, messages: [{ role: 'user', content: 'talk' }] }, { signal: controller.signal });
    let chunks = 0;
    try {
      for await (const _ of stream) if (++chunks === 3) controller.abort();
    } catch {
      // the client's own abort
    }
    await until(() => upstream.dropped === dropped + 1 && upstream.active === 0);
    expect(server.gate.inFlight).toBe(0);
  });

  it('answers 504 when the upstream is too slow, and a search stops at its wall-clock budget', async () => {
    upstream.configure({ reply: nextStep, delayMs: 6000 });
    const error = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(504);
    const started = performance.now();
    const completion = await client.chat.completions.create({
      model: 'bon-2:stand-in',
      messages: [{ role: 'user', content: PUZZLE }],
      // @ts-expect-error the metacot extension is not in the client's types
      metacot: { budget: { timeout_ms: 300 } },
    });
    expect(performance.now() - started).toBeLessThan(1400);
    expect((completion as unknown as { metacot: { stop_reason: string } }).metacot.stop_reason).toBe('timeout');
    await until(() => upstream.active === 0);
  });

  it('relays an upstream failure, and reports a failed search as an error (also mid-stream)', async () => {
    upstream.configure({ failStatus: 500 });
    const relayed = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((relayed as APIError).status).toBe(500);
    expect((relayed as APIError).message).toContain('fails on purpose');
    const failed = await client.chat.completions.create({ model: 'bon-2:stand-in', messages: [{ role: 'user', content: PUZZLE }] }).catch((e: unknown) => e);
    expect((failed as APIError).status).toBe(502);
    expect((failed as APIError).message).toContain('HTTP 500');
    const stream = await client.chat.completions.create({ model: 'bon-2:stand-in', stream: true, messages: [{ role: 'user', content: PUZZLE }] });
    const midStream = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(midStream).toBeInstanceOf(APIError);
    expect((midStream as APIError).message).toContain('search failed');
    upstream.configure({ reply: nextStep });
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const gone = await startStandInUpstream();
    const baseURL = gone.baseURL;
    await gone.close();
    const lonely = await startTestServer({ baseURL });
    try {
      const c = new OpenAI({ baseURL: `${lonely.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const error = await c.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect((error as APIError).status).toBe(502);
      expect((error as APIError).message).not.toContain('upstream-secret');
    } finally {
      await lonely.close();
    }
  });
});
