/**
 * Errors in the shape OpenAI clients parse (`{error: {message, type, param, code}}`), so
 * the official client raises a typed APIError with our message instead of a generic one.
 */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error'
  | 'not_found_error'
  | 'server_error'
  | 'upstream_error';

export interface OpenAIErrorBody {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: string | null };
}

export function openAIErrorBody(message: string, type: OpenAIErrorType, param: string | null = null, code: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

export function openAIErrorResponse(
  status: number,
  message: string,
  type: OpenAIErrorType,
  options: { param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(openAIErrorBody(message, type, options.param ?? null, options.code ?? null)), {
    status,
    headers: { 'content-type': 'application/json', ...options.headers },
  });
}

/** A request the server refuses (bad strategy, over budget...): becomes a 4xx with this body. */
export class ServerRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAIErrorType = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
    /** Extra response headers (e.g. `retry-after` of a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ServerRequestError';
  }

  toResponse(): Response {
    return openAIErrorResponse(this.status, this.message, this.type, { param: this.param, code: this.code, headers: this.headers });
  }
}
