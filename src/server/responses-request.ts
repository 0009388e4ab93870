import { z } from 'zod';
import { chatRequestSchema, metacotExtension, type ChatRequest } from './chat-request.js';
import { ServerRequestError } from '../http/openai-error.js';

/**
 * The parts of an OpenAI Responses API request (`POST /v1/responses`) a search reads:
 * `input` (a string, or message items with text parts), `instructions`, `stream`,
 * `max_output_tokens`, sampling settings and the `metacot` extension. Unknown fields are
 * kept (`loose`), as in chat requests; features a search cannot honour (tools, a
 * `previous_response_id` to continue from) are refused with a 400 rather than ignored.
 */
const textPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(textPart)]),
});

/** Items a search can read; other item types (reasoning, tool calls) are skipped or refused below. */
const inputItem = z.union([messageItem, z.looseObject({ type: z.string() })]);

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem).min(1)]),
  instructions: z.string().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  max_output_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  tools: z.array(z.unknown()).nullable().optional(),
  metacot: metacotExtension.optional(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** Parses a Responses request; throws a 400 naming the first bad field. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  const parsed = responsesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new ServerRequestError(400, `invalid request: ${path || 'body'}: ${issue.message}`, 'invalid_request_error', path || null);
  }
  const request = parsed.data;
  if (request.previous_response_id) {
    throw new ServerRequestError(400, 'previous_response_id: this server keeps no responses to continue from; send the whole conversation as input', 'invalid_request_error', 'previous_response_id');
  }
  if (request.tools && request.tools.length > 0) {
    throw new ServerRequestError(400, 'tools: a search answers with text only; send the request without tools (or pass the model through without a strategy)', 'invalid_request_error', 'tools');
  }
  return request;
}

/**
 * The same request in the chat completions shape, so that one path (strategy, budget,
 * conversation, reasoner) serves both APIs: `instructions` become a system message,
 * message items keep their roles, text parts (`input_text`, `output_text`) are joined,
 * reasoning items of earlier turns are dropped (the search writes its own), and
 * `max_output_tokens` is the token ceiling.
 */
export function toChatRequest(request: ResponsesRequest): ChatRequest {
  const messages: Array<{ role: string; content: string }> = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  if (typeof request.input === 'string') messages.push({ role: 'user', content: request.input });
  else {
    request.input.forEach((item, i) => {
      if (item.type === 'reasoning') return;
      const parsed = messageItem.safeParse(item);
      if (!parsed.success) {
        throw new ServerRequestError(400, `input.${i}: a search reads message items only, got type '${String(item.type)}'`, 'invalid_request_error', `input.${i}`);
      }
      const m = parsed.data;
      const content = typeof m.content === 'string'
        ? m.content
        : m.content.map((part, k) => {
            if (!['input_text', 'output_text', 'text'].includes(part.type) || typeof part.text !== 'string') {
              throw new ServerRequestError(400, `input.${i}.content.${k}: a search can only read text parts, got type '${part.type}'`, 'invalid_request_error', `input.${i}.content`);
            }
            return part.text;
          }).join('\n');
      messages.push({ role: m.role, content });
    });
  }
  const chat = chatRequestSchema.safeParse({
    model: request.model,
    messages,
    stream: request.stream ?? false,
    ...(request.max_output_tokens != null ? { max_tokens: request.max_output_tokens } : {}),
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { top_p: request.top_p } : {}),
    ...(request.metacot !== undefined ? { metacot: request.metacot } : {}),
  });
  if (!chat.success) throw new ServerRequestError(400, `invalid request: ${chat.error.issues[0]!.message}`, 'invalid_request_error', 'input');
  return chat.data;
}
