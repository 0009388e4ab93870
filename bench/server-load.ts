/**
 * The reasoning server under search load, on loopback only: the offline default (the
 * shipped embedded model, `metacot` = the adaptive search) with many concurrent clients
 * for a fixed time, while a prober asks `/health` every 50 ms.
 *
 * Two servers in the same run, one after the other, each in its own child process:
 *   - baseline: `--search-workers 0`, searches on the server's event loop (as before the
 *     worker pool);
 *   - pool: searches in worker threads sized to the cores (the default), with the queue.
 * Printed for each: answers/s, statuses (200, intended 429s, anything else is an error),
 * request latency, /health latency while searches run, and the server's CPU per answer.
 * Each client asks a different Game of 24 puzzle each time (the training puzzles,
 * all but ranks 901-1000, in a seeded order), so no answer is a repeat of another.
 *   npx tsx bench/server-load.ts [seconds=10] [clients=32]
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ask, percentile, spawnChild } from './bench-children.js';

if (process.argv.includes('--server')) await serverChild();
else await main();

async function serverChild(): Promise<void> {
  const { runServe } = await import('../src/server/run-serve.js');
  const workers = Number(process.env.BENCH_WORKERS);
  const server = await runServe(
    {
      host: '127.0.0.1', port: 0, strategy: 'adaptive', apiKeys: [], maxConcurrency: 1024, maxBodyBytes: 1 << 20,
      caps: { maxPolicyCalls: 512, maxTokens: 200_000, maxVerifierCalls: 2048, timeoutMs: 300_000 },
      corsOrigins: [], storeAll: false, quiet: true, searchWorkers: workers, searchQueue: 64,
    },
    { stdout: () => {}, stderr: (t) => process.stderr.write(t) },
  );
  process.on('message', (m: { type: string }) => {
    if (m.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system });
    }
    if (m.type === 'stop') void server.close().then(() => process.exit(0));
  });
  process.send!({ type: 'ready', url: server.url });
}

function spawnServer(workers: number): Promise<{ proc: ChildProcess; url: string }> {
  return spawnChild(fileURLToPath(import.meta.url), 'server', { BENCH_WORKERS: String(workers) });
}

interface LoadResult {
  seconds: number;
  statuses: Map<string, number>;
  latencies: number[];
  health: number[];
  cpuMs: number;
}

async function load(url: string, proc: ChildProcess, puzzles: string[], seconds: number, clients: number): Promise<LoadResult> {
  // Warm-up: the workers load the model and compile their kernels.
  for (let k = 0; k < 4; k++) await post(url, puzzles[k]!);
  const statuses = new Map<string, number>();
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  const latencies: number[] = [];
  const health: number[] = [];
  const cpuBefore = (await ask<{ micros: number }>(proc, 'cpu')).micros;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 4;
  const client = async () => {
    while (performance.now() < deadline) {
      const puzzle = puzzles[next++ % puzzles.length]!;
      const t0 = performance.now();
      const outcome = await post(url, puzzle);
      count(outcome);
      if (outcome === '200') latencies.push(performance.now() - t0);
      // A refused client waits as the 429 asks (retry-after: 1 s).
      if (outcome === '429') await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const prober = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.ok, () => false);
      health.push(ok ? performance.now() - t0 : Infinity);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await Promise.all([...Array.from({ length: clients }, client), prober()]);
  const elapsed = (performance.now() - started) / 1000;
  const cpuMs = ((await ask<{ micros: number }>(proc, 'cpu')).micros - cpuBefore) / 1000;
  return { seconds: elapsed, statuses, latencies, health, cpuMs };
}

async function post(url: string, puzzle: string): Promise<string> {
  try {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'metacot', messages: [{ role: 'user', content: `Use ${puzzle} to make 24` }] }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { choices?: unknown[] };
    return response.status === 200 && !body.choices ? 'bad-body' : String(response.status);
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'client-timeout' : 'connection-error';
  }
}

function report(name: string, r: LoadResult, clients: number): void {
  const ok = r.statuses.get('200') ?? 0;
  const refused = r.statuses.get('429') ?? 0;
  const errors = [...r.statuses.entries()].filter(([k]) => k !== '200' && k !== '429');
  const health = r.health.filter(Number.isFinite);
  console.log(`\n${name}, ${clients} clients for ${r.seconds.toFixed(1)} s`);
  console.log(`  answers/s      ${(ok / r.seconds).toFixed(1)}  (${ok} answered)`);
  console.log(`  429 (intended) ${refused}`);
  console.log(`  errors         ${errors.reduce((s, [, v]) => s + v, 0)}${errors.length ? `  (${errors.map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`);
  console.log(`  latency ms     p50 ${percentile(r.latencies, 0.5).toFixed(0)}  p99 ${percentile(r.latencies, 0.99).toFixed(0)}`);
  console.log(`  /health ms     p50 ${percentile(health, 0.5).toFixed(1)}  p99 ${percentile(health, 0.99).toFixed(1)}  max ${Math.max(...health).toFixed(1)}  (${r.health.length} probes, ${r.health.length - health.length} failed)`);
  console.log(`  server CPU     ${(r.cpuMs / r.seconds / 10).toFixed(0)}% of one core, ${ok ? (r.cpuMs / ok).toFixed(1) : '-'} ms per answer`);
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const clients = Number(process.argv[3] ?? 32);
  if (!(seconds > 0 && seconds <= 600) || !(Number.isInteger(clients) && clients >= 1 && clients <= 1024)) {
    console.error('usage: npx tsx bench/server-load.ts [seconds 1-600] [clients 1-1024]');
    process.exit(2);
  }
  const { loadGame24 } = await import('../src/tasks/game24/load-game24.js');
  const { createRandom } = await import('../src/core/random.js');
  const random = createRandom('server-load');
  const puzzles = loadGame24({ split: 'train' }).map((p) => p.numbers.join(' '));
  for (let i = puzzles.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [puzzles[i], puzzles[j]] = [puzzles[j]!, puzzles[i]!];
  }
  console.log(`server load bench (node ${process.version}, loopback, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log('offline default: model "metacot" (adaptive search with the shipped embedded model), a new training puzzle per request');
  for (const [name, workers] of [['baseline: searches on the event loop (--search-workers 0)', 0], [`pool: searches in ${cpus().length} worker threads (default)`, cpus().length]] as const) {
    const { proc, url } = await spawnServer(workers);
    const result = await load(url, proc, puzzles, seconds, clients);
    report(name, result, clients);
    proc.send({ type: 'stop' });
    await new Promise((r) => proc.once('exit', r));
  }
}
