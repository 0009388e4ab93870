import type { Usage } from '../core/usage.js';
import type { FinishedSearch, SearchResponseFormat } from './response-format.js';

interface ResponseIds {
  id: string;
  created: number;
  model: string;
  /** The request's echo fields. */
  instructions: string | null;
  maxOutputTokens: number | null;
}

function responsesUsage(usage: Usage) {
  return {
    input_tokens: usage.tokensIn,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.tokensOut,
    // The whole output is the search: the answer is a few of its tokens.
    output_tokens_details: { reasoning_tokens: usage.tokensOut },
    total_tokens: usage.tokensIn + usage.tokensOut,
  };
}

/**
 * A search answered in the OpenAI Responses API's shape: the output is a `reasoning` item
 * whose `reasoning_text` content is the search (the meta-cot trace, as reasoning models
 * return their chain of thought) and a `message` item with the answer as `output_text`.
 * A search a budget cut short is `status: "incomplete"` with `incomplete_details.reason:
 * "max_output_tokens"`. Streamed as the API's typed events (`response.created`, the
 * reasoning text deltas, the answer, `response.completed`), each with a sequence number.
 */
export function responsesFormat(ids: ResponseIds): SearchResponseFormat {
  const reasoningId = `rs_${ids.id.replace(/^resp_/, '')}`;
  const messageId = `msg_${ids.id.replace(/^resp_/, '')}`;
  let sequence = 0;
  const event = <T extends object>(type: string, body: T) => ({ type, sequence_number: sequence++, ...body });
  const reasoningItem = (text: string, status: 'in_progress' | 'completed') => ({ id: reasoningId, type: 'reasoning', summary: [], content: text || status === 'completed' ? [{ type: 'reasoning_text', text }] : [], status });
  const messageItem = (text: string, status: 'in_progress' | 'completed' | 'incomplete') => ({
    id: messageId,
    type: 'message',
    role: 'assistant',
    status,
    content: status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  });
  const response = (status: 'in_progress' | 'completed' | 'incomplete' | 'failed', done?: FinishedSearch, error?: string) => ({
    id: ids.id,
    object: 'response',
    created_at: ids.created,
    status,
    background: false,
    error: error ? { code: 'server_error', message: error } : null,
    incomplete_details: done && done.finishReason === 'length' ? { reason: 'max_output_tokens' } : null,
    instructions: ids.instructions,
    max_output_tokens: ids.maxOutputTokens,
    model: ids.model,
    output: done ? [reasoningItem(done.reasoning, 'completed'), messageItem(done.result.content, done.finishReason === 'length' ? 'incomplete' : 'completed')] : [],
    parallel_tool_calls: false,
    temperature: null,
    tool_choice: 'none',
    tools: [],
    top_p: null,
    text: { format: { type: 'text' } },
    usage: done ? responsesUsage(done.result.tree.usage) : null,
    ...(done ? { metacot: done.metacot } : {}),
  });
  let reasoning = '';
  return {
    doneMarker: false,
    whole: (done) => response(done.finishReason === 'length' ? 'incomplete' : 'completed', done),
    opening: () => [
      event('response.created', { response: response('in_progress') }),
      event('response.in_progress', { response: response('in_progress') }),
      event('response.output_item.added', { output_index: 0, item: reasoningItem('', 'in_progress') }),
      event('response.content_part.added', { item_id: reasoningId, output_index: 0, content_index: 0, part: { type: 'reasoning_text', text: '' } }),
    ],
    reasoning: (delta) => {
      reasoning += delta;
      return event('response.reasoning_text.delta', { item_id: reasoningId, output_index: 0, content_index: 0, delta });
    },
    closing: (done) => {
      const answer = done.result.content;
      const status = done.finishReason === 'length' ? 'incomplete' : 'completed';
      return [
        event('response.reasoning_text.done', { item_id: reasoningId, output_index: 0, content_index: 0, text: reasoning }),
        event('response.content_part.done', { item_id: reasoningId, output_index: 0, content_index: 0, part: { type: 'reasoning_text', text: reasoning } }),
        event('response.output_item.done', { output_index: 0, item: reasoningItem(reasoning, 'completed') }),
        event('response.output_item.added', { output_index: 1, item: messageItem('', 'in_progress') }),
        event('response.content_part.added', { item_id: messageId, output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }),
        event('response.output_text.delta', { item_id: messageId, output_index: 1, content_index: 0, delta: answer, logprobs: [] }),
        event('response.output_text.done', { item_id: messageId, output_index: 1, content_index: 0, text: answer, logprobs: [] }),
        event('response.content_part.done', { item_id: messageId, output_index: 1, content_index: 0, part: { type: 'output_text', text: answer, annotations: [], logprobs: [] } }),
        event('response.output_item.done', { output_index: 1, item: messageItem(answer, status) }),
        event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: response(status, done) }),
      ];
    },
    failure: (message) => [
      event('error', { code: 'search_failed', message, param: null }),
      event('response.failed', { response: response('failed', undefined, message) }),
    ],
  };
}
