import { ServerRequestError } from '../http/openai-error.js';
import type { PreparedSearch, Reasoner } from './reasoner.js';
import { toSearchJob } from './search-job.js';
import type { SearchPool } from './search-pool.js';

/**
 * A Reasoner whose searches run in the pool's worker threads. `prepare` still checks the
 * request here, with the same Reasoner the workers build (so a request the server cannot
 * serve gets its 4xx before any byte of the answer), and takes a place in the pool: when
 * the workers are busy and the queue is full it refuses with 429 `queue_full`.
 */
export function pooledReasoner(local: Reasoner, pool: SearchPool, retryAfterSeconds = 1): Reasoner {
  return {
    prepare(request) {
      const checked = local.prepare(request);
      const ticket = pool.admit(request.model === null ? 'cpu' : 'io');
      if (!ticket) {
        throw new ServerRequestError(
          429,
          `all ${pool.workers} search workers are busy and ${pool.queueLimit} searches are waiting; retry after ${retryAfterSeconds} s`,
          'rate_limit_error',
          null,
          'queue_full',
          { 'retry-after': String(retryAfterSeconds) },
        );
      }
      const job = toSearchJob(request);
      const prepared: PreparedSearch = {
        policyId: checked.policyId,
        run: (emit, signal) => pool.run(ticket, job, emit, signal),
        runTraced: (onText, signal) => pool.run(ticket, job, { text: onText }, signal),
        release: () => ticket.release(),
      };
      return prepared;
    },
  };
}
