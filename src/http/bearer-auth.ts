import { createHash, timingSafeEqual } from 'node:crypto';
import { openAIErrorResponse } from './openai-error.js';

/**
 * Checks `Authorization: Bearer <key>` against the server's keys. Keys are compared as
 * SHA-256 digests with timingSafeEqual, so neither their content nor their length leaks
 * through response timing. Returns the refusal to send, or null when the caller may pass.
 */
export function createBearerCheck(keys: readonly string[]): (authorization: string | undefined) => Response | null {
  const digests = keys.filter((k) => k.length > 0).map(digest);
  if (digests.length === 0) return () => null;
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      return refuse(authorization ? 'the Authorization header must be "Bearer <api key>"' : 'missing API key: send "Authorization: Bearer <api key>"', 'missing_api_key');
    }
    const given = digest(match[1]!);
    let ok = false;
    // Compare with every key (no early exit), so the number of keys tried does not show in the timing.
    for (const d of digests) ok = timingSafeEqual(given, d) || ok;
    return ok ? null : refuse('invalid API key', 'invalid_api_key');
  };
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function refuse(message: string, code: string): Response {
  // Never echo the key that was sent: it may be a real secret pasted into the wrong server.
  return openAIErrorResponse(401, message, 'authentication_error', { code, headers: { 'www-authenticate': 'Bearer' } });
}
