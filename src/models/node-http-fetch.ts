import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * A `fetch` for the OpenAI client built on node:http with keep-alive agents. Node's own
 * fetch (undici) costs several times more CPU per request; at hundreds of requests a
 * second against a local server that CPU is what limits a search. Buffers the whole body
 * (the provider does not stream), honours the AbortSignal, and falls back to the global
 * fetch for anything but http(s) with a string body.
 */
export function createNodeHttpFetch(options: { maxSockets?: number } = {}): typeof globalThis.fetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
  };
  return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = init?.body;
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (body !== undefined && body !== null && typeof body !== 'string') || input instanceof Request) {
      return globalThis.fetch(input, init);
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method: init?.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(key, v));
            else if (value !== undefined) responseHeaders.set(key, value);
          }
          const status = res.statusCode ?? 500;
          const nullBody = status === 204 || status === 304;
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
        });
      });
      function fail(error: Error) {
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: error }));
      }
      function onAbort() {
        req.destroy();
        reject(signal?.reason ?? new DOMException('This operation was aborted', 'AbortError'));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      // One write for headers and body (a separate write costs a second syscall per request).
      if (typeof body === 'string') req.end(body);
      else req.end();
    });
  }) as typeof globalThis.fetch;
}
