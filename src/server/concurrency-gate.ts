/**
 * A server-wide cap on requests in flight that never queues: when full, the caller is
 * turned away at once (429 with `retry-after`) instead of holding a socket while it waits,
 * so an overloaded server stays responsive and clients back off on their own schedule.
 */
export class ConcurrencyGate {
  private active = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  /** A release function (idempotent), or null when the gate is full. */
  tryAcquire(): (() => void) | null {
    if (this.active >= this.limit) return null;
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }
}
