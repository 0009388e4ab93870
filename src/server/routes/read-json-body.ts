import type { Context } from 'hono';
import { ServerRequestError } from '../../http/openai-error.js';

/** The request body as text and parsed (a 400 `invalid_json` when it is not JSON). */
export async function readJsonBody(c: Context): Promise<{ raw: string; body: unknown }> {
  const raw = await c.req.text();
  try {
    return { raw, body: JSON.parse(raw) as unknown };
  } catch {
    throw new ServerRequestError(400, 'the request body is not valid JSON', 'invalid_request_error', null, 'invalid_json');
  }
}
