import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createBearerCheck } from '../http/bearer-auth.js';
import { openAIErrorResponse } from '../http/openai-error.js';
import type { ServerContext } from './server-context.js';

/**
 * Refuses what a web page could send on a user's behalf. A loopback server needs no key,
 * so any page the user visits could otherwise POST to it (a "simple" cross-site request
 * needs no preflight when its body is `text/plain` or a form): requests with a browser
 * `Origin` are refused (403) unless `--cors-origin` allows that origin, and request
 * bodies must be `application/json` (415), which a page cannot send cross-site without a
 * preflight that this server does not grant.
 */
export function browserGuard(ctx: ServerContext): MiddlewareHandler {
  const allowed = new Set(ctx.options.corsOrigins ?? []);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      return refuse(ctx, c.req.path, 403, `requests from the browser origin '${origin.slice(0, 200)}' are not allowed; start the server with --cors-origin ${origin.slice(0, 200)} to allow it`, 'origin_not_allowed');
    }
    if (c.req.method === 'POST') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return refuse(ctx, c.req.path, 415, `the request body must be sent as content-type: application/json, got ${type ? `'${type.slice(0, 100)}'` : 'none'}`, 'unsupported_media_type');
      }
    }
    await next();
  };
}

/** Bearer keys on `/v1/*` and `/metrics` (`/health` never needs one). */
export function authGuard(ctx: ServerContext): MiddlewareHandler {
  const checkAuth = createBearerCheck(ctx.options.apiKeys ?? []);
  return async (c, next) => {
    const refusal = checkAuth(c.req.header('authorization'));
    if (refusal) {
      ctx.metrics.inc('metacot_errors_total', { kind: 'auth' });
      ctx.metrics.inc('metacot_requests_total', { route: c.req.path, kind: 'refused', status: '401' });
      return refusal;
    }
    await next();
  };
}

/** The request body limit (413). */
export function bodyGuard(ctx: ServerContext, route: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: ctx.maxBodyBytes,
    onError: () => {
      ctx.metrics.inc('metacot_errors_total', { kind: 'invalid' });
      ctx.metrics.inc('metacot_requests_total', { route, kind: 'refused', status: '413' });
      return openAIErrorResponse(413, `request body over ${ctx.maxBodyBytes} bytes`, 'invalid_request_error', { code: 'body_too_large' });
    },
  });
}

function refuse(ctx: ServerContext, route: string, status: number, message: string, code: string): Response {
  ctx.metrics.inc('metacot_errors_total', { kind: 'invalid' });
  ctx.metrics.inc('metacot_requests_total', { route, kind: 'refused', status: String(status) });
  return openAIErrorResponse(status, message, 'invalid_request_error', { code });
}
