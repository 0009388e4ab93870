import { z } from 'zod';
import type { ChatMessage } from '../models/language-model.js';
import { ServerRequestError } from '../http/openai-error.js';

/**
 * The parts of an OpenAI chat completion request the server reads. Unknown fields are
 * kept (`loose`): a pass-through request is forwarded byte for byte anyway, and a search
 * request ignores what it cannot use rather than failing on a newer client's extras.
 */
const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
});

const budget = z.strictObject({
  max_policy_calls: z.number().int().nonnegative().optional(),
  max_tokens: z.number().int().nonnegative().optional(),
  max_verifier_calls: z.number().int().nonnegative().optional(),
  timeout_ms: z.number().int().nonnegative().optional(),
});

const json: z.ZodType<unknown> = z.unknown();

/** The `metacot` extension object: which search, which verifier, how much compute. */
export const metacotExtension = z.strictObject({
  /** A short spec (`beam-4x4`) or an algorithm name with options. */
  search: z.union([z.string(), z.strictObject({ name: z.string(), options: z.record(z.string(), json).optional() })]).optional(),
  verifier: z.string().optional(),
  budget: budget.optional(),
  seed: z.union([z.number().int(), z.string()]).optional(),
  /** Store the served search (tree and record) in the server's run folder (default: the server's setting). */
  store: z.boolean().optional(),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  n: z.number().int().positive().nullable().optional(),
  metacot: metacotExtension.optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type MetacotExtension = z.infer<typeof metacotExtension>;

/** Parses a request body (already JSON-decoded); throws a 400 naming the first bad field. */
export function parseChatRequest(body: unknown): ChatRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new ServerRequestError(400, `invalid request: ${path || 'body'}: ${issue.message}`, 'invalid_request_error', path || null);
}

/**
 * The whole conversation as the policy sees it: every system prompt and every turn, in
 * order (developer messages count as system ones; tool results as user turns, labelled).
 * Non-text parts cannot be searched over and are refused rather than silently dropped.
 */
export function conversationOf(request: ChatRequest): ChatMessage[] {
  return request.messages.map((m, i): ChatMessage => {
    let text: string;
    if (typeof m.content === 'string') text = m.content;
    else if (m.content == null) text = '';
    else {
      const parts = m.content.map((part, k) => {
        if (part.type !== 'text' || typeof part.text !== 'string') {
          throw new ServerRequestError(400, `messages.${i}.content.${k}: a search can only read text parts, got type '${part.type}'`, 'invalid_request_error', `messages.${i}.content`);
        }
        return part.text;
      });
      text = parts.join('\n');
    }
    switch (m.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: text };
      case 'assistant':
        return { role: 'assistant', content: text };
      case 'tool':
      case 'function':
        return { role: 'user', content: `[${m.role} result${m.name ? ` from ${m.name}` : ''}]\n${text}` };
      default:
        return { role: 'user', content: text };
    }
  });
}
