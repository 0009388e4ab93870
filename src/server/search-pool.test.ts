import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from './create-server-app.js';
import { pooledReasoner } from './pooled-reasoner.js';
import { reasonerFromConfig, type ReasonerConfig } from './reasoner-config.js';
import { registryCatalog } from './search-catalog.js';
import { SearchPool } from './search-pool.js';
import { startServer, type RunningServer } from './start-server.js';
import { ServerRequestError } from '../http/openai-error.js';
import type { SearchEvent } from '../core/events.js';

/**
 * The search worker pool with real worker threads (the symbolic offline solver, so the
 * test needs no model weights): searches run off the event loop, the queue is bounded,
 * and a client that leaves cancels its search in the worker.
 */
const config: ReasonerConfig = { offlinePolicy: 'symbolic', upstream: null, defaultVerifier: 'none', upstreamConcurrency: 4 };
/** A Countdown target these numbers cannot reach: a depth-first search runs until stopped. */
const ENDLESS = 'Countdown: 25 50 75 100 3 6, reach 999';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SearchPool', () => {
  const catalog = registryCatalog();
  const local = reasonerFromConfig(config);
  let pool: SearchPool;
  let server: RunningServer;
  let app: ReturnType<typeof createServerApp>;
  beforeAll(async () => {
    pool = new SearchPool({ config, workers: 1, queue: 1, graceMs: 1000 });
    app = createServerApp({ catalog, reasoner: pooledReasoner(local.reasoner, pool), pool, maxConcurrency: 64, caps: { maxPolicyCalls: 10_000_000, timeoutMs: 60_000 } });
    server = await startServer(app.app, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await pool.close();
  });

  const request = (content: string, spec = 'astar', timeoutMs = 30_000) => {
    const { algorithm, options } = catalog.parse(spec);
    return { messages: [{ role: 'user' as const, content }], algorithm, options, model: null, verifier: null, budget: { timeoutMs, maxPolicyCalls: 1_000_000 }, seed: 0 };
  };

  it('runs a search in a worker, with its events, the same tree as in-process', async () => {
    const reasoner = pooledReasoner(local.reasoner, pool);
    const events: SearchEvent[] = [];
    const pooled = await reasoner.prepare(request('4 9 10 13')).run((e) => events.push(e), new AbortController().signal);
    const direct = await local.reasoner.prepare(request('4 9 10 13')).run(() => {}, new AbortController().signal);
    expect(pooled.tree.stopReason).toBe('solved');
    const shape = (nodes: typeof direct.tree.nodes) => nodes.map((n) => ({ parentId: n.parentId, step: n.step, scores: n.scores, flags: n.flags }));
    expect(shape(pooled.tree.nodes)).toEqual(shape(direct.tree.nodes));
    expect(pooled.content).toBe(direct.content);
    expect(events.filter((e) => e.type === 'node')).toHaveLength(direct.tree.nodes.length);
  }, 60_000);

  it('refuses with 429 queue_full when the workers are busy and the queue is full', async () => {
    const reasoner = pooledReasoner(local.reasoner, pool);
    const first = reasoner.prepare(request(ENDLESS, 'dfs'));
    const second = reasoner.prepare(request(ENDLESS, 'dfs'));
    let refusal: unknown;
    try {
      reasoner.prepare(request('4 9 10 13'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ServerRequestError);
    expect(refusal).toMatchObject({ status: 429, code: 'queue_full' });
    first.release?.();
    second.release?.();
    expect(() => reasoner.prepare(request('4 9 10 13')).release?.()).not.toThrow();
  });

  it('cancels a running search in its worker when the caller aborts', async () => {
    const reasoner = pooledReasoner(local.reasoner, pool);
    const controller = new AbortController();
    const running = reasoner.prepare(request(ENDLESS, 'dfs')).run(() => {}, controller.signal);
    await sleep(300);
    expect(pool.stats.running).toBe(1);
    controller.abort();
    await expect(running).rejects.toThrow(/abort/i);
    // The worker stopped the search itself (no replacement needed) and took the next one.
    for (let waited = 0; pool.stats.running > 0 && waited < 1000; waited += 20) await sleep(20);
    expect(pool.stats.running).toBe(0);
    expect(pool.replaced).toBe(0);
    const next = await reasoner.prepare(request('4 9 10 13')).run(() => {}, new AbortController().signal);
    expect(next.tree.stopReason).toBe('solved');
  }, 60_000);

  it('keeps /health fast while a search runs, and logs a client that leaves as 499', async () => {
    const controller = new AbortController();
    const search = fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dfs', messages: [{ role: 'user', content: ENDLESS }], metacot: { budget: { timeout_ms: 30_000 } } }),
      signal: controller.signal,
    }).catch(() => null);
    await sleep(300);
    const times: number[] = [];
    for (let k = 0; k < 10; k++) {
      const started = performance.now();
      const health = (await (await fetch(`${server.url}/health`)).json()) as { searches_running: number };
      times.push(performance.now() - started);
      expect(health.searches_running).toBe(1);
    }
    // Generous for a shared test machine; bench/server-load.ts measures it under load.
    expect(Math.max(...times)).toBeLessThan(500);
    controller.abort();
    await search;
    for (let waited = 0; app.metrics.value('metacot_requests_total', { route: '/v1/chat/completions', kind: 'search', status: '499' }) === 0 && waited < 2000; waited += 20) await sleep(20);
    expect(app.metrics.value('metacot_requests_total', { route: '/v1/chat/completions', kind: 'search', status: '499' })).toBe(1);
    for (let waited = 0; pool.stats.running > 0 && waited < 2000; waited += 20) await sleep(20);
    expect(pool.stats.running).toBe(0);
  }, 60_000);
});
