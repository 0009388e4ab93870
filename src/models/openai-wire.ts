import type { FinishReason, GenerateChoice, GenerateRequest, TokenLogprob, TopLogprob } from './language-model.js';

/**
 * Translation between our GenerateRequest and the OpenAI wire format, including the
 * variants real servers send back (llama.cpp's completion logprobs layout, prefilled
 * text echoed at the start of a continuation).
 */

export type Endpoint = 'chat' | 'completions';

/** A response that parsed as JSON but is not shaped like a completion. */
export class ResponseShapeError extends Error {
  override name = 'ResponseShapeError';
}

export function chatBody(model: string, request: GenerateRequest, n: number, seed: number | undefined, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    model,
    messages: request.messages,
    ...common(request, n, seed),
    ...(request.logprobs ? { logprobs: true, ...(request.topLogprobs ? { top_logprobs: request.topLogprobs } : {}) } : {}),
    ...extra,
  };
}

export function completionBody(model: string, prompt: string, request: GenerateRequest, n: number, seed: number | undefined): Record<string, unknown> {
  return {
    model,
    prompt,
    ...common(request, n, seed),
    // The legacy endpoint takes the number of alternatives; the sampled token always comes back.
    ...(request.logprobs ? { logprobs: Math.max(1, request.topLogprobs ?? 0) } : {}),
  };
}

function common(request: GenerateRequest, n: number, seed: number | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (n !== 1) out.n = n;
  if (request.stop && request.stop.length > 0) out.stop = [...request.stop];
  if (request.maxTokens !== undefined) out.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.topP !== undefined) out.top_p = request.topP;
  if (seed !== undefined) out.seed = seed;
  return out;
}

interface WireLogprobEntry {
  token?: string;
  logprob?: number;
  top_logprobs?: Array<{ token?: string; logprob?: number }> | null;
}

interface WireChoice {
  index?: number;
  finish_reason?: string | null;
  message?: { content?: string | null };
  text?: string;
  logprobs?: {
    content?: WireLogprobEntry[] | null;
    tokens?: string[];
    token_logprobs?: Array<number | null>;
    top_logprobs?: Array<Record<string, number> | null> | null;
  } | null;
}

export interface WireResponse {
  choices?: WireChoice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** Parses the choices of a chat or completion response, in index order. */
export function parseChoices(body: WireResponse, endpoint: Endpoint, wantLogprobs: boolean): GenerateChoice[] {
  if (!body || !Array.isArray(body.choices)) throw new ResponseShapeError('the response has no `choices` array');
  const sorted = [...body.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return sorted.map((c) => {
    const text = endpoint === 'chat' ? c.message?.content ?? '' : c.text ?? '';
    if (typeof text !== 'string') throw new ResponseShapeError('a choice has no text');
    const choice: GenerateChoice = { text, finishReason: finishReason(c.finish_reason) };
    if (wantLogprobs && c.logprobs) {
      const logprobs = parseLogprobs(c.logprobs);
      if (logprobs) {
        choice.logprobs = logprobs;
        choice.tokens = logprobs.length;
      }
    }
    return choice;
  });
}

function finishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'stop' || reason === 'eos' || reason === 'stop_sequence') return 'stop';
  if (reason === 'length') return 'length';
  if (reason === 'error') return 'error';
  return 'other';
}

/** Chat layout (`content[]`, also llama.cpp's completions) or the legacy completions arrays. */
function parseLogprobs(lp: NonNullable<WireChoice['logprobs']>): TokenLogprob[] | undefined {
  if (Array.isArray(lp.content)) {
    return lp.content.map((e) => {
      const entry: TokenLogprob = { token: e.token ?? '', logprob: e.logprob ?? -Infinity };
      if (Array.isArray(e.top_logprobs)) entry.top = e.top_logprobs.map((t) => ({ token: t.token ?? '', logprob: t.logprob ?? -Infinity }));
      return entry;
    });
  }
  if (Array.isArray(lp.tokens)) {
    return lp.tokens.map((token, i) => {
      const entry: TokenLogprob = { token, logprob: lp.token_logprobs?.[i] ?? -Infinity };
      const top = lp.top_logprobs?.[i];
      if (top) entry.top = Object.entries(top).map(([t, l]): TopLogprob => ({ token: t, logprob: l })).sort((a, b) => b.logprob - a.logprob);
      return entry;
    });
  }
  return undefined;
}

/**
 * Some servers (llama.cpp) return a continued assistant message with the prefilled text
 * at its start; the caller wants only the continuation. Strips the prefix when present.
 */
export function stripPrefill(choice: GenerateChoice, prefill: string): GenerateChoice {
  if (prefill.length === 0 || !choice.text.startsWith(prefill)) return choice;
  const out: GenerateChoice = { ...choice, text: choice.text.slice(prefill.length) };
  if (choice.logprobs) {
    // Drop the logprob entries that spell the prefix, when the server included them.
    let consumed = 0;
    let k = 0;
    while (k < choice.logprobs.length && consumed < prefill.length && prefill.startsWith(choice.logprobs[k]!.token, consumed)) {
      consumed += choice.logprobs[k]!.token.length;
      k++;
    }
    if (consumed === prefill.length && k > 0) {
      out.logprobs = choice.logprobs.slice(k);
      out.tokens = out.logprobs.length;
    }
  }
  return out;
}

/**
 * The largest `n` a server said it accepts, from a 400 about the `n` field (llama.cpp:
 * "Field 'n': Value must be between 1 <= value <= 2"), 1 when it rejects `n` without a
 * number, or null when the error is not about `n`.
 */
export function rejectedNLimit(message: string): number | null {
  if (!/(['"`])n\1|\bn\b\s*(must|should|is|>|<|=)|\bfield n\b|parameter n\b|\bn\b.*not supported/i.test(message)) return null;
  const bounds = [...message.matchAll(/<=\s*(\d+)/g)].map((m) => Number(m[1]));
  const limit = bounds.length > 0 ? bounds[bounds.length - 1]! : 1;
  return Math.max(1, limit);
}
