/** The OpenAI-compatible server behind this one. */
export interface UpstreamConfig {
  /** e.g. `http://127.0.0.1:8080/v1` (the part before `/chat/completions`). */
  baseURL: string;
  /** Sent upstream only; never echoed, logged or written to traces. */
  apiKey?: string;
  /** Per upstream request (default 600 s: a long generation is not an error). */
  timeoutMs?: number;
}

/** `base` + `/path`, with exactly one slash between them. */
export function upstreamUrl(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The base URL without credentials or query (for logs and error messages). */
export function displayBase(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export function upstreamHeaders(config: UpstreamConfig, accept: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept,
    ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
  };
}
