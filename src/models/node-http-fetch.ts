import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * `buffered`: the whole body is read before the Response resolves (a provider's JSON
 * reply; the cheapest per request). `streaming`: the Response resolves at the headers
 * and its body streams as it arrives, with backpressure (a relay passing SSE through
 * byte by byte; an abort or a broken response errors the body).
 */
export type NodeHttpBody = 'buffered' | 'streaming';

export interface NodeHttpFetchOptions {
  /** Sockets per agent (default 256 buffered, 512 streaming). */
  maxSockets?: number;
  body?: NodeHttpBody;
}

type Send = (url: URL, options: RequestOptions, onResponse: (res: IncomingMessage) => void) => ClientRequest;

/**
 * The one HTTP transport of metacot's clients and servers: a `fetch` built on node:http(s)
 * with keep-alive agents. Node's own fetch (undici) costs several times more CPU per
 * request; at hundreds of requests a second against a local server that CPU is what
 * limits a search or a relay. Honours the AbortSignal before and after the headers (an
 * abort destroys the socket, so the other side sees the client leave), reports
 * connection failures as `TypeError('fetch failed')` with the cause, and hands anything
 * but http(s) with a string body to the global fetch.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): typeof globalThis.fetch {
  const streaming = options.body === 'streaming';
  const maxSockets = options.maxSockets ?? (streaming ? 512 : 256);
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = init?.body;
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (body != null && typeof body !== 'string') || input instanceof Request) {
      return globalThis.fetch(input, init);
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const send: Send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = { method: init?.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] };
    const exchange = streaming ? streamingExchange : bufferedExchange;
    return exchange(send, url, request, typeof body === 'string' ? body : undefined, signal);
  }) as typeof globalThis.fetch;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/** Sends headers and body in one write (a separate write costs a second syscall per request). */
function end(req: ClientRequest, body: string | undefined): void {
  if (body !== undefined) req.end(body);
  else req.end();
}

function bufferedExchange(send: Send, url: URL, request: RequestOptions, body: string | undefined, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, request, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        const status = res.statusCode ?? 500;
        const nullBody = status === 204 || status === 304;
        resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders(res) }));
      });
    });
    function fail(error: Error) {
      signal?.removeEventListener('abort', onAbort);
      reject(new TypeError('fetch failed', { cause: error }));
    }
    function onAbort() {
      req.destroy();
      reject(abortError(signal!));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    end(req, body);
  });
}

function streamingExchange(send: Send, url: URL, request: RequestOptions, body: string | undefined, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let fail: (error: unknown) => void = (error) => {
      settled = true;
      reject(error);
    };
    const onAbort = () => {
      req.destroy();
      fail(abortError(signal!));
    };
    const req = send(url, request, (res) => {
      settled = true;
      const status = res.statusCode ?? 502;
      let ended = false;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          fail = (error) => {
            if (!ended) {
              ended = true;
              controller.error(error);
            }
          };
          res.on('data', (chunk: Buffer) => {
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 1) <= 0) res.pause();
          });
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            if (!ended) {
              ended = true;
              controller.close();
            }
          });
          res.on('error', (error) => fail(new TypeError('the response broke off', { cause: error })));
          res.on('close', () => {
            signal?.removeEventListener('abort', onAbort);
            if (!res.complete) fail(new TypeError('the response broke off before its end'));
          });
        },
        pull() {
          res.resume();
        },
        cancel() {
          ended = true;
          signal?.removeEventListener('abort', onAbort);
          req.destroy();
        },
      });
      const nullBody = status === 204 || status === 304 || request.method === 'HEAD';
      if (nullBody) res.resume();
      resolve(new Response(nullBody ? null : stream, { status, statusText: res.statusMessage ?? '', headers: responseHeaders(res) }));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      if (!settled) {
        signal?.removeEventListener('abort', onAbort);
        fail(new TypeError('fetch failed', { cause: error }));
      }
    });
    end(req, body);
  });
}
