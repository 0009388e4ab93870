import type { Usage } from '../core/usage.js';
import { openAIErrorBody } from '../http/openai-error.js';
import type { SearchResponseFormat } from './response-format.js';

export function chatUsage(usage: Usage) {
  return { prompt_tokens: usage.tokensIn, completion_tokens: usage.tokensOut, total_tokens: usage.tokensIn + usage.tokensOut };
}

/**
 * A search answered in the chat completions API's shape: `reasoning_content` carries the
 * search, `content` the answer; streamed as `chat.completion.chunk`s, then a usage chunk
 * with the `metacot` extension and `[DONE]`.
 */
export function chatFormat(ctx: { id: string; created: number; model: string }): SearchResponseFormat {
  const chunk = (delta: Record<string, string>, finish: string | null = null) => ({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  return {
    doneMarker: true,
    whole: (done) => ({
      id: ctx.id,
      object: 'chat.completion',
      created: ctx.created,
      model: ctx.model,
      choices: [{ index: 0, message: { role: 'assistant', content: done.result.content, reasoning_content: done.reasoning }, logprobs: null, finish_reason: done.finishReason }],
      usage: chatUsage(done.result.tree.usage),
      metacot: done.metacot,
    }),
    opening: () => [chunk({ role: 'assistant', content: '' })],
    reasoning: (text) => chunk({ reasoning_content: text }),
    closing: (done) => [
      chunk({ content: done.result.content }),
      chunk({}, done.finishReason),
      { id: ctx.id, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, choices: [], usage: chatUsage(done.result.tree.usage), metacot: done.metacot },
    ],
    failure: (message) => [openAIErrorBody(message, 'upstream_error', null, 'search_failed')],
  };
}
