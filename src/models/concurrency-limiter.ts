import { AbortError } from '../core/errors.js';

interface Waiter {
  weight: number;
  signal: AbortSignal | undefined;
  grant: () => void;
  abort: () => void;
}

/**
 * A counting semaphore: at most `limit` slots held at once, the rest wait in FIFO order.
 * A holder may take several slots (a request for n choices on a server that runs each
 * choice in its own slot, as llama.cpp does). A waiter whose signal fires leaves the
 * queue without taking a slot.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private readonly bySignal = new Map<AbortSignal, { waiters: Set<Waiter>; onAbort: () => void }>();
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
      const entry: Waiter = {
        weight: w,
        signal,
        grant: () => {
          this.unwatch(entry);
          this.active += w;
          resolve(release);
        },
        abort: () => reject(new AbortError()),
      };
      this.watch(entry);
      this.waiting.push(entry);
    });
  }

  /**
   * One abort listener per signal, however many of its calls wait here: a wide search
   * (bon-64 under a limit of 4) would otherwise hang one listener per waiting call on
   * the search's signal (and trip Node's MaxListenersExceededWarning).
   */
  private watch(entry: Waiter): void {
    const { signal } = entry;
    if (!signal) return;
    let group = this.bySignal.get(signal);
    if (!group) {
      const waiters = new Set<Waiter>();
      const onAbort = () => {
        this.bySignal.delete(signal);
        for (const w of waiters) {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          w.abort();
        }
        this.grantWaiting();
      };
      group = { waiters, onAbort };
      this.bySignal.set(signal, group);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    group.waiters.add(entry);
  }

  private unwatch(entry: Waiter): void {
    const { signal } = entry;
    if (!signal) return;
    const group = this.bySignal.get(signal);
    if (!group) return;
    group.waiters.delete(entry);
    if (group.waiters.size === 0) {
      signal.removeEventListener('abort', group.onAbort);
      this.bySignal.delete(signal);
    }
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
