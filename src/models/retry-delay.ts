import type { Random } from '../core/random.js';

export interface RetryDelayOptions {
  /** First backoff in ms (doubles per attempt). */
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_DELAY: RetryDelayOptions = { initialMs: 500, maxMs: 8000 };

/**
 * The server's requested wait from `retry-after-ms` (ms) or `retry-after` (seconds or an
 * HTTP date), or undefined. Waits outside (0, 60 s] are ignored, as openai-node does, so
 * a confused server cannot stall a search for an hour.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  let ms: number | undefined;
  const msHeader = headers.get('retry-after-ms');
  if (msHeader !== null && Number.isFinite(Number.parseFloat(msHeader))) ms = Number.parseFloat(msHeader);
  else {
    const header = headers.get('retry-after');
    if (header !== null) {
      const seconds = Number(header);
      if (header.trim() !== '' && Number.isFinite(seconds)) ms = seconds * 1000;
      else {
        const date = Date.parse(header);
        if (Number.isFinite(date)) ms = date - now;
      }
    }
  }
  return ms !== undefined && ms >= 0 && ms <= 60_000 ? ms : undefined;
}

/**
 * How long to wait before retry number `attempt` (0-based): the server's wish when it
 * stated one, else exponential backoff with jitter (between 75% and 100% of the step, so
 * clients that failed together do not retry in lockstep).
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: Random, options: RetryDelayOptions = DEFAULT_RETRY_DELAY): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const step = Math.min(options.maxMs, options.initialMs * 2 ** attempt);
  return step * (1 - 0.25 * random.next());
}
