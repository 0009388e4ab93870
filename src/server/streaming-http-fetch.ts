import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * A `fetch` over node:http(s) with keep-alive agents whose response body streams as it
 * arrives (pass-through relays SSE byte by byte). Node's fetch (undici) costs about as
 * much CPU per request as everything else the server does for a pass-through request
 * together; this is the server's default upstream transport. Honours the AbortSignal
 * before and after the headers (an abort destroys the socket, so the upstream sees the
 * client leave). Anything but http(s) with a string body goes to the global fetch.
 */
export function createStreamingHttpFetch(options: { maxSockets?: number } = {}): typeof globalThis.fetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 512 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 512 }),
  };
  return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = init?.body;
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (body != null && typeof body !== 'string') || input instanceof Request) {
      return globalThis.fetch(input, init);
    }
    const signal = init?.signal ?? undefined;
    const abortError = () => signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
    if (signal?.aborted) throw abortError();
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let fail: (error: unknown) => void = (error) => {
        settled = true;
        reject(error);
      };
      const onAbort = () => {
        req.destroy();
        fail(abortError());
      };
      const req = send(url, { method: init?.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res: IncomingMessage) => {
        settled = true;
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(key, v));
          else if (value !== undefined) responseHeaders.set(key, value);
        }
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
        const nullBody = status === 204 || status === 304 || init?.method === 'HEAD';
        if (nullBody) res.resume();
        resolve(new Response(nullBody ? null : stream, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => {
        if (!settled) {
          signal?.removeEventListener('abort', onAbort);
          fail(new TypeError('fetch failed', { cause: error }));
        }
      });
      if (typeof body === 'string') req.write(body);
      req.end();
    });
  }) as typeof globalThis.fetch;
}
