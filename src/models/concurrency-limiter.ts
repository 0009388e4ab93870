import { AbortError } from '../core/errors.js';

/**
 * A counting semaphore: at most `limit` slots held at once, the rest wait in FIFO order.
 * A holder may take several slots (a request for n choices on a server that runs each
 * choice in its own slot, as llama.cpp does). A waiter whose signal fires leaves the
 * queue without taking a slot.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<{ weight: number; grant: () => void }> = [];
  private current: number;

  constructor(limit: number) {
    this.current = checkLimit(limit);
  }

  get limit(): number {
    return this.current;
  }

  /** Changes the limit (e.g. once a server has said how many slots it has); waiters that now fit are let in. */
  resize(limit: number): void {
    this.current = checkLimit(limit);
    this.grantWaiting();
  }

  /** Held plus waiting slots: how busy this limiter is (for load balancing). */
  get load(): number {
    return this.active + this.waiting.reduce((s, w) => s + w.weight, 0);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Resolves with a release function once `weight` slots (at most the limit) are free. */
  acquire(signal?: AbortSignal, weight = 1): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    const w = Math.max(1, Math.min(Math.floor(weight), this.current));
    const release = this.releaser(w);
    if (this.waiting.length === 0 && this.active + w <= this.current) {
      this.active += w;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const entry = {
        weight: w,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active += w;
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  /** Runs `task` inside `weight` slots (default one). */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal, weight = 1): Promise<T> {
    const release = await this.acquire(signal, weight);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(weight: number): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= weight;
      this.grantWaiting();
    };
  }

  /** Lets waiters in, in order, while the first one fits (FIFO: a large request is not overtaken). */
  private grantWaiting(): void {
    while (this.waiting.length > 0) {
      const first = this.waiting[0]!;
      // With nothing held, a holder larger than a since-lowered limit still gets in (no deadlock).
      if (this.active > 0 && this.active + first.weight > this.current) return;
      this.waiting.shift();
      first.grant();
    }
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  return limit;
}
