import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for an OpenAI-compatible upstream (vLLM, llama.cpp server...), for tests and
 * the benchmark only: a plain node:http server on loopback that answers chat completions
 * (streaming or not) from a function, can be made slow or failing, and records every
 * request and every connection the client dropped before the answer was complete.
 */
export interface StandInOptions {
  /** The reply text of choice `index` of a request (default: a fixed sentence). */
  reply?: (body: { model?: string; messages?: Array<{ role: string; content: unknown }>; n?: number }, index: number) => string;
  /** Wait before the response headers (a slow upstream); a function gets the chat call's number (0-based). */
  delayMs?: number | ((call: number) => number);
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  /** Answer every chat request with this status and an OpenAI error body (a failing upstream). */
  failStatus?: number;
  /** With `failStatus`: the chat calls (0-based) that fail; default all. */
  failWhen?: (call: number) => boolean;
  /** With `failStatus`: the error message (e.g. one that echoes the request's headers, as some servers do). */
  failMessage?: (headers: Record<string, string | string[] | undefined>) => string;
  /** Streamed answers break off after the first chunk: the connection is destroyed (an upstream that dies). */
  dieMidStream?: boolean;
  models?: string[];
}

export interface StandInUpstream {
  /** The base URL, `http://127.0.0.1:PORT/v1`. */
  baseURL: string;
  requests: Array<{ path: string; authorization: string | undefined; body: unknown }>;
  /** Chat requests whose client hung up before the response ended. */
  readonly dropped: number;
  /** Chat requests being answered now. */
  readonly active: number;
  /** The most chat requests answered at once so far. */
  readonly maxActive: number;
  /** Sets options for the requests that follow. */
  configure(options: StandInOptions): void;
  close(): Promise<void>;
}

const PROMPT_TOKENS = 11;

export async function startStandInUpstream(initial: StandInOptions = {}): Promise<StandInUpstream> {
  let options = { ...initial };
  const requests: StandInUpstream['requests'] = [];
  let dropped = 0;
  let active = 0;
  let maxActive = 0;
  let chatCalls = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { unparsable: text };
    }
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ path, authorization: req.headers.authorization, body });
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: (options.models ?? ['stand-in']).map((id) => ({ id, object: 'model', owned_by: 'llamacpp' })) }));
      return;
    }
    if (req.method === 'POST' && path === '/v1/responses') {
      // A minimal Responses API answer, for pass-through tests.
      const text = 'Hello from the stand-in upstream.';
      const output = [{ id: 'msg_standin', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }];
      const response = { id: 'resp_standin', object: 'response', created_at: 1700000000, status: 'completed', model: body.model, output, usage: { input_tokens: PROMPT_TOKENS, output_tokens: 8, total_tokens: PROMPT_TOKENS + 8, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } };
      if (body.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(response));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let seq = 0;
      const event = (type: string, rest: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...rest })}\n\n`);
      event('response.created', { response: { ...response, status: 'in_progress', output: [] } });
      event('response.output_text.delta', { item_id: 'msg_standin', output_index: 0, content_index: 0, delta: text, logprobs: [] });
      if (options.dieMidStream) {
        await sleep(30);
        res.socket?.destroy();
        return;
      }
      event('response.completed', { response });
      res.end();
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${path}`, type: 'not_found' } }));
      return;
    }
    const call = chatCalls++;
    active++;
    maxActive = Math.max(maxActive, active);
    let finished = false;
    res.on('close', () => {
      active--;
      if (!finished) dropped++;
    });
    const delay = typeof options.delayMs === 'function' ? options.delayMs(call) : options.delayMs;
    if (delay) await sleep(delay);
    if (res.destroyed) return;
    if (options.failStatus && (options.failWhen?.(call) ?? true)) {
      finished = true;
      res.writeHead(options.failStatus, { 'content-type': 'application/json' });
      const message = options.failMessage?.(req.headers) ?? 'the stand-in upstream fails on purpose';
      res.end(JSON.stringify({ error: { message, type: options.failStatus < 500 ? 'invalid_request_error' : 'server_error', code: null } }));
      return;
    }
    const model = typeof body.model === 'string' ? body.model : 'stand-in';
    const n = typeof body.n === 'number' ? body.n : 1;
    const replies = Array.from({ length: n }, (_, index) => {
      let reply = options.reply?.(body as never, index) ?? 'Hello from the stand-in upstream.';
      // Apply `stop` as real servers do (the stop string is not returned).
      for (const stop of Array.isArray(body.stop) ? (body.stop as string[]) : []) {
        const at = stop ? reply.indexOf(stop) : -1;
        if (at >= 0) reply = reply.slice(0, at);
      }
      // `max_tokens` as real servers do: the reply is cut there (four characters a token here).
      const limit = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
      return reply.length > limit * 4 ? { text: reply.slice(0, limit * 4), finish: 'length' } : { text: reply, finish: 'stop' };
    });
    const finishes = replies.map((r) => r.finish);
    const texts = replies.map((r) => r.text);
    const reply = texts[0]!;
    const completionTokens = texts.reduce((sum, r) => sum + Math.max(1, Math.ceil(r.length / 4)), 0);
    const usage = { prompt_tokens: PROMPT_TOKENS, completion_tokens: completionTokens, total_tokens: PROMPT_TOKENS + completionTokens };
    const base = { id: 'chatcmpl-standin', created: 1700000000, model };
    if (body.stream !== true) {
      finished = true;
      res.writeHead(200, { 'content-type': 'application/json' });
      const choices = texts.map((content, index) => ({ index, message: { role: 'assistant', content }, finish_reason: finishes[index], logprobs: null }));
      res.end(JSON.stringify({ ...base, object: 'chat.completion', choices, usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    const pieces = reply.match(/\S+\s*/g) ?? [reply];
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const piece of pieces) {
      if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
      if (res.destroyed) return;
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
      if (options.dieMidStream) {
        // Half an event, then the connection is gone.
        res.write('data: {"id":"chatcmpl-standin","choi');
        await sleep(30);
        res.socket?.destroy();
        return;
      }
    }
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finishes[0] }] });
    send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    finished = true;
    res.end('data: [DONE]\n\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get dropped() {
      return dropped;
    },
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    configure(next) {
      options = { ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
