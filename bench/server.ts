/**
 * The reasoning server under load, on loopback only.
 *
 * 1. Added latency of pass-through: the same small chat request sent alternately straight
 *    to a stand-in upstream and through the server in front of it; p50 / p99 of each and
 *    the difference (aim: under 2 ms at p50). Non-streaming, and streaming (time to the
 *    last byte).
 * 2. Load: many concurrent clients for a fixed time against pass-through, then against the
 *    offline puzzle solver (a real search per request): requests/s, errors (aim: 0), and the
 *    server's resident memory before and after.
 *
 * The server and the stand-in upstream (src/server/test-support/stand-in-upstream.ts, not
 * a real model server) each run in a child process, the clients in this one, so both
 * paths cross the same process boundaries and the server's memory and CPU are its own.
 * CPU time of the server per request is printed too: unlike latency, it does not depend
 * on what else the machine is doing.
 *   npx tsx bench/server.ts [latency-requests=2000] [load-seconds=5] [clients=64]
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ask, percentile, spawnChild } from './bench-children.js';
import { startStandInUpstream } from '../src/server/test-support/stand-in-upstream.js';

if (process.argv.includes('--upstream')) await upstreamChild();
else if (process.argv.includes('--server')) await serverChild();
else await main();

async function upstreamChild(): Promise<void> {
  const upstream = await startStandInUpstream({ reply: () => 'The answer is 42.' });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') void upstream.close().then(() => process.exit(0));
  });
  process.send!({ type: 'ready', url: upstream.baseURL });
}

async function serverChild(): Promise<void> {
  const { startTestServer } = await import('../src/server/test-support/test-server.js');
  const server = await startTestServer({ baseURL: process.env.BENCH_UPSTREAM! }, { maxConcurrency: 1024 });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'rss') {
      global.gc?.();
      process.send!({ type: 'rss', rss: process.memoryUsage().rss });
    }
    if (m.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system });
    }
    if (m.type === 'stop') void server.close().then(() => process.exit(0));
  });
  process.send!({ type: 'ready', url: `${server.url}/v1` });
}

function spawnRole(role: string, env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string }> {
  return spawnChild(fileURLToPath(import.meta.url), role, env, ['--expose-gc']);
}

async function main(): Promise<void> {
  const latencyRequests = Number(process.argv[2] ?? 2000);
  const loadSeconds = Number(process.argv[3] ?? 5);
  const clients = Number(process.argv[4] ?? 64);
  const upstreamChild = await spawnRole('upstream');
  const upstream = { baseURL: upstreamChild.url };
  const { proc, url: server } = await spawnRole('server', { BENCH_UPSTREAM: upstream.baseURL });
  const body = (stream: boolean) => JSON.stringify({ model: 'stand-in', stream, messages: [{ role: 'user', content: 'What is six times seven?' }] });

  async function once(base: string, stream: boolean): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(stream) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return performance.now() - started;
  }

  console.log(`server bench (node ${process.version}, loopback; ${latencyRequests} requests per latency series; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores)`);
  for (let i = 0; i < 200; i++) {
    await once(upstream.baseURL, false);
    await once(server, false);
  }
  for (const stream of [false, true]) {
    const direct: number[] = [];
    const through: number[] = [];
    for (let i = 0; i < latencyRequests; i++) {
      // Alternate, so both series see the same machine state.
      direct.push(await once(upstream.baseURL, stream));
      through.push(await once(server, stream));
    }
    // CPU separately: one probe before and one after a run of requests through the server.
    const cpuBefore = (await ask<{ micros: number }>(proc, 'cpu')).micros;
    for (let i = 0; i < latencyRequests; i++) await once(server, stream);
    const serverCpu = (await ask<{ micros: number }>(proc, 'cpu')).micros - cpuBefore;
    direct.sort((a, b) => a - b);
    through.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(3).padStart(7);
    console.log(`\npass-through latency, ${stream ? 'streaming (to last byte)' : 'non-streaming'} (ms)`);
    console.log(`                    p50      p99`);
    console.log(`  direct        ${f(percentile(direct, 0.5))}  ${f(percentile(direct, 0.99))}`);
    console.log(`  through server${f(percentile(through, 0.5))}  ${f(percentile(through, 0.99))}`);
    console.log(`  added         ${f(percentile(through, 0.5) - percentile(direct, 0.5))}  ${f(percentile(through, 0.99) - percentile(direct, 0.99))}`);
    console.log(`  server CPU per request ${(serverCpu / latencyRequests / 1000).toFixed(3)} ms`);
  }

  async function load(name: string, makeBody: () => string, base = server): Promise<void> {
    const rssBefore = (await ask<{ rss: number }>(proc, 'rss')).rss;
    const deadline = performance.now() + loadSeconds * 1000;
    let ok = 0;
    const errors = new Map<string, number>();
    const worker = async () => {
      while (performance.now() < deadline) {
        try {
          const response = await fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: makeBody() });
          await response.arrayBuffer();
          if (response.ok) ok++;
          else errors.set(`HTTP ${response.status}`, (errors.get(`HTTP ${response.status}`) ?? 0) + 1);
        } catch (error) {
          const cause = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
          const key = `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
    };
    const cpuBefore = (await ask<{ micros: number }>(proc, 'cpu')).micros;
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = ((await ask<{ micros: number }>(proc, 'cpu')).micros - cpuBefore) / 1e6;
    const rssAfter = (await ask<{ rss: number }>(proc, 'rss')).rss;
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`\nload: ${name}, ${clients} clients for ${loadSeconds} s`);
    console.log(`  requests/s ${(ok / seconds).toFixed(0)}  (${ok} ok)`);
    console.log(`  errors     ${errorCount}${errorCount ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}`);
    if (base === server) {
      console.log(`  server CPU ${((cpuSeconds / seconds) * 100).toFixed(0)}% of one core, ${((cpuSeconds / Math.max(1, ok)) * 1000).toFixed(2)} ms per request`);
      console.log(`  server RSS ${mib(rssBefore)} before, ${mib(rssAfter)} after (after a GC)`);
    }
  }

  await load('baseline: the stand-in upstream called directly (non-streaming)', () => body(false), upstream.baseURL);
  await load('pass-through (non-streaming)', () => body(false));
  await load('pass-through (streaming)', () => body(true));
  let k = 0;
  const puzzles = ['4 9 10 13', '1 1 4 6', '2 3 5 12', '3 3 8 8', '1 2 3 4', '4 4 10 10'];
  await load('offline puzzle search (astar, symbolic policy)', () =>
    JSON.stringify({ model: 'metacot', messages: [{ role: 'user', content: `Use ${puzzles[k++ % puzzles.length]} to make 24` }] }),
  );

  for (const child of [proc, upstreamChild.proc]) {
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}
