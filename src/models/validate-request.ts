import { InputError } from '../core/errors.js';
import type { GenerateRequest } from './language-model.js';

/**
 * Checks a request before any provider sees it, so every provider rejects the same bad
 * input with the same message. Returns `n` (default 1).
 */
export function validateRequest(request: GenerateRequest): number {
  const hasMessages = request.messages !== undefined;
  const hasPrompt = request.prompt !== undefined;
  if (hasMessages === hasPrompt) {
    throw new InputError('a generate request needs exactly one of `messages` (chat) or `prompt` (raw text)');
  }
  if (hasMessages && request.messages!.length === 0) throw new InputError('`messages` must not be empty');
  const n = request.n ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new InputError(`\`n\` must be a positive integer, got ${String(request.n)}`);
  if (request.maxTokens !== undefined && (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)) {
    throw new InputError(`\`maxTokens\` must be a positive integer, got ${String(request.maxTokens)}`);
  }
  if (request.temperature !== undefined && !(request.temperature >= 0)) {
    throw new InputError(`\`temperature\` must be >= 0, got ${String(request.temperature)}`);
  }
  if (request.topP !== undefined && !(request.topP > 0 && request.topP <= 1)) {
    throw new InputError(`\`topP\` must be in (0, 1], got ${String(request.topP)}`);
  }
  if (request.topLogprobs !== undefined && (!Number.isInteger(request.topLogprobs) || request.topLogprobs < 0)) {
    throw new InputError(`\`topLogprobs\` must be a non-negative integer, got ${String(request.topLogprobs)}`);
  }
  return n;
}

/** True when the request asks to continue a partial assistant message. */
export function isContinuation(request: GenerateRequest): boolean {
  const last = request.messages?.[request.messages.length - 1];
  return last?.role === 'assistant';
}
