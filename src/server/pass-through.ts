import { redactSecrets } from '../core/redact-secrets.js';
import { openAIErrorBody, openAIErrorResponse } from '../http/openai-error.js';
import { sseData, SSE_DONE } from './sse-stream.js';
import { displayBase, upstreamHeaders, upstreamUrl, type UpstreamConfig } from './upstream.js';

export interface PassThroughTokens {
  prompt: number;
  completion: number;
}

export interface PassThroughOptions {
  upstream: UpstreamConfig;
  /** The upstream path after the base URL (default `chat/completions`). */
  path?: string;
  fetch: typeof globalThis.fetch;
  /** Called once when the response has been fully relayed, with the tokens upstream reported (0 when it did not). */
  onDone?: (outcome: { ok: boolean; status: number; tokens: PassThroughTokens; error?: 'upstream' | 'client-disconnect' }) => void;
}

type Done = NonNullable<PassThroughOptions['onDone']>;

/** Response headers worth relaying; hop-by-hop and cookie headers stay behind. */
const RELAYED = ['content-type', 'retry-after', 'retry-after-ms', 'x-request-id', 'openai-processing-ms'];

/**
 * Forwards a chat request untouched (the body bytes as received) and relays the answer,
 * streaming or not, as it arrives. The client's key is not forwarded: upstream gets the
 * server's own key. A client that goes away aborts the upstream request.
 */
export async function passThrough(body: string, stream: boolean, signal: AbortSignal, options: PassThroughOptions): Promise<Response> {
  const { upstream } = options;
  const timeoutMs = upstream.timeoutMs ?? 600_000;
  // One controller for the client's signal and the timeout (AbortSignal.any and
  // AbortSignal.timeout cost more per request than this on Node 20).
  const controller = new AbortController();
  let timedOut = false;
  const onClientAbort = () => controller.abort();
  signal.addEventListener('abort', onClientAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const cleanup = () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onClientAbort);
  };
  const done: Done = (outcome) => {
    cleanup();
    options.onDone?.(outcome);
  };
  let response: Response;
  try {
    response = await options.fetch(upstreamUrl(upstream.baseURL, options.path ?? 'chat/completions'), {
      method: 'POST',
      headers: upstreamHeaders(upstream, stream ? 'text/event-stream' : 'application/json'),
      body,
      signal: controller.signal,
    });
  } catch (error) {
    const disconnected = signal.aborted;
    done({ ok: false, status: disconnected ? 499 : 502, tokens: { prompt: 0, completion: 0 }, error: disconnected ? 'client-disconnect' : 'upstream' });
    const why = timedOut ? `timed out after ${timeoutMs} ms` : `cannot reach it (${describe(error)})`;
    return openAIErrorResponse(timedOut ? 504 : 502, `upstream ${displayBase(upstream.baseURL)}: ${why}`, 'upstream_error', { code: 'upstream_unavailable' });
  }
  const headers = new Headers();
  for (const name of RELAYED) {
    const value = response.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (!response.body) {
    done({ ok: response.ok, status: response.status, tokens: { prompt: 0, completion: 0 } });
    return new Response(null, { status: response.status, headers });
  }
  if (!stream || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    // A single JSON body: read it whole (it is small) to count its tokens, then relay it.
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const disconnected = signal.aborted;
      done({ ok: false, status: 502, tokens: { prompt: 0, completion: 0 }, error: disconnected ? 'client-disconnect' : 'upstream' });
      return openAIErrorResponse(502, `upstream ${displayBase(upstream.baseURL)}: the response broke off (${describe(error)})`, 'upstream_error');
    }
    done({ ok: response.ok, status: response.status, tokens: scanUsage(text) ?? { prompt: 0, completion: 0 } });
    // An error body is the upstream's own text, and some servers echo the request's
    // headers in it: the server's upstream key must not reach the client.
    return new Response(response.ok ? text : redactSecrets(text, [upstream.apiKey]), { status: response.status, headers });
  }
  headers.set('cache-control', 'no-cache');
  headers.set('x-accel-buffering', 'no');
  return new Response(relayStream(response.body, response.status, done, options.path ?? 'chat/completions'), { status: response.status, headers });
}

/**
 * Relays SSE bytes as they come, watching for the usage chunk on the way. Bytes are
 * passed on up to the last complete event, so that when the upstream dies mid-stream
 * (the connection breaks, or closes before the stream's end marker) the client's stream
 * can end with a well-formed OpenAI-style error event instead of a cut connection.
 */
function relayStream(body: ReadableStream<Uint8Array>, status: number, done: Done, path: string): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const responsesApi = path.startsWith('responses');
  let tail = '';
  let held: Uint8Array = new Uint8Array(0);
  let tokens: PassThroughTokens = { prompt: 0, completion: 0 };
  let reported = false;
  const report: Done = (outcome) => {
    if (reported) return;
    reported = true;
    done(outcome);
  };
  const broken = (controller: ReadableStreamDefaultController<Uint8Array>, why: string) => {
    report({ ok: false, status: 502, tokens, error: 'upstream' });
    const message = `the upstream's stream broke off (${why})`;
    controller.enqueue(responsesApi ? sseData({ type: 'error', code: 'upstream_error', message, param: null, sequence_number: 0 }) : sseData(openAIErrorBody(message, 'upstream_error', null, 'upstream_stream_broken')));
    if (!responsesApi) controller.enqueue(SSE_DONE);
    controller.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A pull must enqueue or end the stream, or it is not called again: read until it does.
      for (;;) {
        const more = await relayOne(controller);
        if (!more) return;
      }
    },
    cancel(reason) {
      report({ ok: false, status: 499, tokens, error: 'client-disconnect' });
      return reader.cancel(reason);
    },
  });

  /** Reads one upstream chunk; true when it held all of it back (nothing was sent, the stream goes on). */
  async function relayOne(controller: ReadableStreamDefaultController<Uint8Array>): Promise<boolean> {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        broken(controller, redactSecrets(describe(error)));
        return false;
      }
      if (chunk.done) {
        if (status < 400 && !endedProperly(tail, responsesApi)) {
          broken(controller, 'the connection closed before the end of the stream');
          return false;
        }
        if (held.length > 0) controller.enqueue(held);
        report({ ok: status < 400, status, tokens });
        controller.close();
        return false;
      }
      const value = chunk.value;
      // Only the last part of the text can hold the usage chunk; keep a short window across chunk borders.
      tail = (tail + decoder.decode(value, { stream: true })).slice(-4096);
      const found = scanUsage(tail);
      if (found) tokens = found;
      const bytes = held.length === 0 ? value : concat(held, value);
      const end = lastEventEnd(bytes);
      held = bytes.subarray(end);
      if (end === 0) return true;
      controller.enqueue(bytes.subarray(0, end));
      return false;
  }
}

/** Whether a stream's last text shows its end marker (`[DONE]`; a final `response.*` event for the Responses API). */
function endedProperly(tail: string, responsesApi: boolean): boolean {
  return responsesApi ? /"type"\s*:\s*"(response\.(completed|incomplete|failed)|error)"/.test(tail) : tail.includes('[DONE]') || /"error"\s*:/.test(tail);
}

/** The index just after the last blank line (`\n\n`) in `bytes`, or 0. */
function lastEventEnd(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i > 0; i--) {
    if (bytes[i] === 10 && (bytes[i - 1] === 10 || (bytes[i - 1] === 13 && i > 2 && bytes[i - 2] === 10))) return i + 1;
  }
  return 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const PROMPT = /"prompt_tokens"\s*:\s*(\d+)/g;
const COMPLETION = /"completion_tokens"\s*:\s*(\d+)/g;

/** The last prompt/completion token counts in `text`, or null when it holds none. */
export function scanUsage(text: string): PassThroughTokens | null {
  const p = lastMatch(PROMPT, text);
  const c = lastMatch(COMPLETION, text);
  if (p === null && c === null) return null;
  return { prompt: p ?? 0, completion: c ?? 0 };
}

function lastMatch(re: RegExp, text: string): number | null {
  let last: number | null = null;
  for (const m of text.matchAll(re)) last = Number(m[1]);
  return last;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error.message;
}
