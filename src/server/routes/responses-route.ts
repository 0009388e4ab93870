import type { Context, Hono } from 'hono';
import { prepareServedSearch, recordSearchDone, requestBooks } from '../admitted-search.js';
import { ServerRequestError } from '../../http/openai-error.js';
import { bodyGuard } from '../request-guard.js';
import { responsesFormat } from '../responses-format.js';
import { parseResponsesRequest, toChatRequest } from '../responses-request.js';
import { searchCompletion } from '../search-completion.js';
import type { ServerContext } from '../server-context.js';
import { forward } from './forward-route.js';
import { readJsonBody } from './read-json-body.js';

const ROUTE = '/v1/responses';

/**
 * `POST /v1/responses`, the OpenAI Responses API: a search answered as a reasoning item and
 * a message (streamed as the API's typed events), or, for a plain model name, the request
 * passed through to the upstream's own `/responses`.
 */
export function responsesRoute(app: Hono, ctx: ServerContext): void {
  app.post(ROUTE, bodyGuard(ctx, ROUTE), (c) => responses(c, ctx));
}

async function responses(c: Context, ctx: ServerContext): Promise<Response> {
  let parsed: { raw: string; body: unknown };
  try {
    parsed = await readJsonBody(c);
  } catch (error) {
    if (error instanceof ServerRequestError) return error.toResponse();
    throw error;
  }
  const quick = parsed.body as { model?: unknown; metacot?: unknown } | null;
  if (ctx.upstream && quick && typeof quick.model === 'string' && quick.metacot === undefined && ctx.isPlainModel(quick.model)) {
    return forward(c, ctx, 'responses', ROUTE, parsed.raw);
  }
  const release = ctx.gate.tryAcquire();
  if (!release) return ctx.busy(ROUTE);
  const books = requestBooks(ctx, ROUTE, release);
  let handedOver = false;
  try {
    const request = parseResponsesRequest(parsed.body);
    const chat = toChatRequest(request);
    const admitted = prepareServedSearch(ctx, chat, () => (books.kind = 'search'));
    handedOver = true;
    const id = `resp_${ctx.newId()}`;
    const created = Math.floor(ctx.now() / 1000);
    const completion = { id, created, model: request.model, spec: admitted.strategy.spec, stream: request.stream === true, signal: c.req.raw.signal };
    return await searchCompletion(
      admitted.search,
      {
        ...completion,
        ...(ctx.options.heartbeatMs !== undefined ? { heartbeatMs: ctx.options.heartbeatMs } : {}),
        onDone: (outcome) => recordSearchDone(ctx, outcome, admitted, { id, created }, (status, kind) => books.finish(status, kind)),
      },
      responsesFormat({ id, created, model: request.model, instructions: request.instructions ?? null, maxOutputTokens: request.max_output_tokens ?? null }),
    );
  } catch (error) {
    const refused = handedOver ? null : books.refuse(error);
    if (refused) return refused;
    throw error;
  }
}
