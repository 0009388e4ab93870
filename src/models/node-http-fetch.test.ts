import { describe, expect, it } from 'vitest';
import { startStandin } from './test-support/openai-standin-server.js';
import { createNodeHttpFetch } from './node-http-fetch.js';

// Against the in-process stand-in server (a real socket on 127.0.0.1).
describe('node:http fetch', () => {
  it('posts JSON and returns status, headers and body', async () => {
    const server = await startStandin({ respond: (b) => `echo ${b.messages![0]!.content}` });
    const fetch = createNodeHttpFetch();
    const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hé' }] }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('echo hé');
    await server.close();
  });

  it('aborts an in-flight request and reports refused connections as fetch failures', async () => {
    const server = await startStandin({ respond: () => 'late', delayMs: 5_000 });
    const fetch = createNodeHttpFetch();
    const controller = new AbortController();
    const pending = fetch(`${server.url}/completions`, { method: 'POST', body: '{"model":"m","prompt":"x"}', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const url = server.url;
    await server.close();
    const refused = (await fetch(`${url}/completions`, { method: 'POST', body: '{}' }).catch((e: unknown) => e)) as TypeError;
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});

describe('node:http fetch, streaming body', () => {
  it('resolves at the headers and hands each chunk on as it arrives', async () => {
    const { createServer } = await import('node:http');
    let finish: () => void = () => {};
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      finish = () => res.end('data: two\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const fetch = createNodeHttpFetch({ body: 'streaming' });
    const res = await fetch(`http://127.0.0.1:${port}/events`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n');
    finish();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe('data: two\n\n');
    expect((await reader.read()).done).toBe(true);
    server.close();
  });
});
