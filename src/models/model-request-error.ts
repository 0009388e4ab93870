import { MetacotError } from '../core/errors.js';

/**
 * A model call that failed: a connection failure, a timeout, an HTTP error or an
 * unreadable body. The message is one line naming the endpoint and the status (never a
 * key); `retryable` is decided here and only here.
 */
export class ModelRequestError extends MetacotError {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    /** The server's requested wait (from `retry-after-ms` / `retry-after`), when it sent one. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Statuses worth another try: timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A URL fit for messages and logs: no user info, no query string (either may hold a key). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
