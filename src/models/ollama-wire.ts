import type { GenerateChoice, GenerateRequest, TokenLogprob } from './language-model.js';
import { ResponseShapeError } from './openai-wire.js';

/**
 * Ollama's native `/api/generate` in raw mode: the prompt is sent as is (already
 * rendered with the model's chat template), so a partial answer at its end is continued
 * exactly. One choice per request; sampling settings go in `options`.
 */
export function ollamaGenerateBody(model: string, prompt: string, request: GenerateRequest, seed: number | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (seed !== undefined) options.seed = seed;
  if (request.stop && request.stop.length > 0) options.stop = [...request.stop];
  return {
    model,
    prompt,
    raw: true,
    stream: false,
    options,
    ...(request.logprobs ? { logprobs: true, ...(request.topLogprobs ? { top_logprobs: request.topLogprobs } : {}) } : {}),
  };
}

export interface OllamaGenerateResponse {
  response?: unknown;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  logprobs?: Array<{ token?: string; logprob?: number; top_logprobs?: Array<{ token?: string; logprob?: number }> }> | null;
}

/** The one choice of a non-streamed answer, and its token counts in OpenAI's usage shape. */
export function parseOllamaGenerate(body: OllamaGenerateResponse, wantLogprobs: boolean): { choice: GenerateChoice; usage: { prompt_tokens?: number; completion_tokens?: number } } {
  if (!body || typeof body.response !== 'string') throw new ResponseShapeError('the response has no `response` text');
  const choice: GenerateChoice = { text: body.response, finishReason: body.done_reason === 'length' ? 'length' : body.done_reason === 'stop' ? 'stop' : 'other' };
  if (typeof body.eval_count === 'number') choice.tokens = body.eval_count;
  if (wantLogprobs && Array.isArray(body.logprobs)) {
    choice.logprobs = body.logprobs.map((e): TokenLogprob => ({
      token: e.token ?? '',
      logprob: e.logprob ?? -Infinity,
      ...(Array.isArray(e.top_logprobs) ? { top: e.top_logprobs.map((t) => ({ token: t.token ?? '', logprob: t.logprob ?? -Infinity })) } : {}),
    }));
  }
  const usage: { prompt_tokens?: number; completion_tokens?: number } = {};
  if (typeof body.prompt_eval_count === 'number') usage.prompt_tokens = body.prompt_eval_count;
  if (typeof body.eval_count === 'number') usage.completion_tokens = body.eval_count;
  return { choice, usage };
}
