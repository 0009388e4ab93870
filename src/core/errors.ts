/**
 * Errors the library throws on purpose. `InputError` means the caller gave something
 * wrong (the CLI prints its message on one line and exits 2); the others describe
 * failures of the world (network, models) and carry whether a retry can help.
 */
export class MetacotError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller's input was wrong; the message names the input and what would be right. */
export class InputError extends MetacotError {}

/** Raised by code that honours an AbortSignal. */
export class AbortError extends MetacotError {
  constructor(message = 'The operation was aborted') {
    super(message);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof AbortError || (error instanceof Error && error.name === 'AbortError');
}

/** Throws an AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
