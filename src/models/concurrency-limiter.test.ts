import { describe, expect, it } from 'vitest';
import { AbortError } from '../core/errors.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { EndpointPool, type PooledEndpoint } from './endpoint-pool.js';
import { parseRetryAfter, retryDelayMs } from './retry-delay.js';
import { createRandom } from '../core/random.js';

describe('concurrency limiter', () => {
  it('grants slots in FIFO order and lets an aborted waiter leave without a slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const a = limiter.acquire(controller.signal).then((r) => (order.push('a'), r));
    const b = limiter.acquire().then((r) => (order.push('b'), r));
    expect(limiter.load).toBe(3);
    controller.abort();
    await expect(a).rejects.toBeInstanceOf(AbortError);
    release();
    (await b)();
    expect(order).toEqual(['b']);
    expect(limiter.inFlight).toBe(0);
    expect(() => new ConcurrencyLimiter(0)).toThrow(/positive integer/);
  });
});

describe('endpoint pool', () => {
  it('avoids a failed endpoint while it cools down, and returns to it after', () => {
    let now = 0;
    const ep = (url: string): PooledEndpoint<null> => ({ url, client: null, limiter: new ConcurrencyLimiter(2), maxN: Infinity, failures: 0, coolUntil: 0 });
    const [a, b] = [ep('a'), ep('b')];
    const pool = new EndpointPool([a, b], () => now);
    pool.markFailure(a);
    expect([pool.pick(), pool.pick(), pool.pick()].map((e) => e.url)).toEqual(['b', 'b', 'b']);
    now = 10_000;
    expect(new Set([pool.pick(), pool.pick()].map((e) => e.url))).toEqual(new Set(['a', 'b']));
    expect(pool.pick(b).url).toBe('a');
  });
});

describe('retry delays', () => {
  it('honour retry-after-ms, retry-after seconds and dates, else back off exponentially with jitter', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(61_000).toUTCString() }), 1_000)).toBe(60_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '3600' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    const random = createRandom(1);
    const delays = [0, 1, 2, 3, 4, 5].map((k) => retryDelayMs(k, undefined, random));
    delays.forEach((d, k) => {
      const step = Math.min(8000, 500 * 2 ** k);
      expect(d).toBeGreaterThanOrEqual(step * 0.75);
      expect(d).toBeLessThanOrEqual(step);
    });
  });
});
