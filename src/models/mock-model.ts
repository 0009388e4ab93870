import { throwIfAborted } from '../core/errors.js';
import { estimateTokens } from '../core/usage.js';
import {
  LANGUAGE_MODEL_SPEC_VERSION,
  type GenerateChoice,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
} from './language-model.js';
import { validateRequest } from './validate-request.js';

/** What a mock answers for one sample: a text, or a whole choice. */
export type MockAnswer = string | GenerateChoice;

export interface MockModelOptions {
  id?: string;
  /** Answers sample `index` of `request` (index runs 0..n-1 within one call). */
  respond: (request: GenerateRequest, index: number, callNumber: number) => MockAnswer | Promise<MockAnswer>;
}

export interface MockModel extends LanguageModel {
  /** Every request received, in order. */
  readonly calls: GenerateRequest[];
}

/**
 * A model that answers from a function and records its calls: the fixture for testing
 * policies, verifiers and searches without a server (as the AI SDK tests core logic).
 * Applies `stop` like a server would, and reports estimated usage.
 */
export function createMockModel(options: MockModelOptions): MockModel {
  const calls: GenerateRequest[] = [];
  return {
    specificationVersion: LANGUAGE_MODEL_SPEC_VERSION,
    id: options.id ?? 'mock',
    calls,
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
      throwIfAborted(signal);
      const n = validateRequest(request);
      const callNumber = calls.length;
      calls.push(request);
      const choices: GenerateChoice[] = [];
      for (let i = 0; i < n; i++) {
        const answer = await options.respond(request, i, callNumber);
        const choice: GenerateChoice = typeof answer === 'string' ? { text: answer, finishReason: 'stop' } : { ...answer };
        const cut = cutAtStop(choice.text, request.stop);
        if (cut !== null) choice.text = cut;
        choice.tokens ??= estimateTokens(choice.text);
        choices.push(choice);
      }
      const prompt = request.prompt ?? (request.messages ?? []).map((m) => m.content).join('\n');
      return {
        choices,
        usage: { tokensIn: estimateTokens(prompt), tokensOut: choices.reduce((s, c) => s + (c.tokens ?? 0), 0), estimated: true },
        warnings: [],
      };
    },
  };
}

/** The text before the earliest stop string, or null when none occurs. */
export function cutAtStop(text: string, stop: readonly string[] | undefined): string | null {
  let at = -1;
  for (const s of stop ?? []) {
    if (s.length === 0) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at < 0 ? null : text.slice(0, at);
}
