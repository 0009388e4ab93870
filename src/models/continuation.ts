import { InputError } from '../core/errors.js';
import type { ServerKind } from './server-probe.js';

/**
 * How a partial assistant message is continued on one server:
 * - `prefill`: the partial answer as the last chat message (llama.cpp continues it and
 *   echoes it, which is stripped; Ollama's OpenAI endpoint continues it too);
 * - `continue-final-message`: the same plus vLLM's and SGLang's
 *   `continue_final_message: true, add_generation_prompt: false`;
 * - `ollama-raw`: the chat rendered with the model's template, sent to Ollama's
 *   `/api/generate` with `raw: true`;
 * - `completions`: the chat rendered with the model's template, sent to `/v1/completions`.
 */
export const CONTINUATIONS = ['prefill', 'continue-final-message', 'ollama-raw', 'completions'] as const;
export type Continuation = (typeof CONTINUATIONS)[number];

/** Earlier names of the mechanisms, still accepted. */
const ALIASES: Record<string, Continuation> = { vllm: 'continue-final-message' };

export function parseContinuation(raw: string): Continuation | 'auto' {
  if (raw === 'auto') return raw;
  const value = ALIASES[raw] ?? raw;
  if (!(CONTINUATIONS as readonly string[]).includes(value)) {
    throw new InputError(`unknown continuation "${raw}" (expected auto, ${CONTINUATIONS.join(', ')})`);
  }
  return value as Continuation;
}

/** Each server's native continuation; `haveTemplate` says whether a chat template is known for rendering. */
export function nativeContinuation(kind: ServerKind, haveTemplate: boolean): Continuation {
  switch (kind) {
    case 'llama.cpp':
      return 'prefill';
    case 'vllm':
    case 'sglang':
      return 'continue-final-message';
    case 'ollama':
      // Raw generation reproduces the model's own template exactly; without one, Ollama's
      // OpenAI endpoint continues a final assistant message through its Modelfile template.
      return haveTemplate ? 'ollama-raw' : 'prefill';
    case 'openai':
      return 'completions';
  }
}
