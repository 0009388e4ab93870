import { ConcurrencyLimiter } from './concurrency-limiter.js';

/** One server of a model, with what has been learnt about it. */
export interface PooledEndpoint<C> {
  /** The URL for messages (no credentials). */
  readonly url: string;
  readonly client: C;
  readonly limiter: ConcurrencyLimiter;
  /** The largest `n` this server honours; Infinity until it shows a limit. Learnt once, kept. */
  maxN: number;
  failures: number;
  /** Epoch ms before which the endpoint is avoided after failures. */
  coolUntil: number;
}

/**
 * Several servers for one model: each call goes to the least loaded healthy endpoint
 * (load relative to its concurrency limit), so traffic spreads; one that fails is avoided
 * for a cooling period that grows with consecutive failures, so a retry fails over.
 */
export class EndpointPool<C> {
  private turn = 0;

  constructor(
    readonly endpoints: ReadonlyArray<PooledEndpoint<C>>,
    private readonly now: () => number = Date.now,
  ) {
    if (endpoints.length === 0) throw new RangeError('an endpoint pool needs at least one endpoint');
  }

  /** The endpoint for the next request; `avoid` (the one that just failed) only when nothing else is healthy. */
  pick(avoid?: PooledEndpoint<C>): PooledEndpoint<C> {
    const now = this.now();
    let candidates = this.endpoints.filter((e) => e.coolUntil <= now && e !== avoid);
    if (candidates.length === 0) candidates = this.endpoints.filter((e) => e !== avoid);
    if (candidates.length === 0) candidates = [...this.endpoints];
    const start = this.turn++ % candidates.length;
    let best = candidates[start]!;
    for (let i = 1; i < candidates.length; i++) {
      const e = candidates[(start + i) % candidates.length]!;
      if (e.limiter.load / e.limiter.limit < best.limiter.load / best.limiter.limit) best = e;
    }
    return best;
  }

  markFailure(endpoint: PooledEndpoint<C>): void {
    endpoint.failures++;
    endpoint.coolUntil = this.now() + Math.min(30_000, 500 * 2 ** endpoint.failures);
  }

  markSuccess(endpoint: PooledEndpoint<C>): void {
    endpoint.failures = 0;
    endpoint.coolUntil = 0;
  }
}
