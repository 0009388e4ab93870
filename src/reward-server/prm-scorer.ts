import { createContext } from '../core/context.js';
import { createRandom } from '../core/random.js';
import type { TextState } from '../policies/text-state.js';
import { createRewardModelVerifier, type RewardProtocol } from '../verifiers/llm/reward-model-verifier.js';

export interface PrmScorerOptions {
  url: string;
  protocol?: RewardProtocol;
  model?: string;
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * A process reward model endpoint (vLLM pooling / classify, or a JSON service) as the
 * reward server's PRM: the completion is cut into steps at blank lines and the model's
 * step scores are aggregated into one value in [0, 1], as the searches use it.
 */
export function createPrmScorer(options: PrmScorerOptions) {
  const verifier = createRewardModelVerifier<TextState>({
    url: options.url,
    protocol: options.protocol ?? 'pooling',
    ...(options.model ? { model: options.model } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return async (items: readonly { prompt: string; completion: string }[], signal?: AbortSignal): Promise<number[]> => {
    const states: TextState[] = items.map(({ prompt, completion }) => ({
      question: prompt,
      steps: completion.split(/\n\s*\n/).map((s) => s.trim()).filter((s) => s !== ''),
      done: true,
    }));
    const ctx = createContext({ random: createRandom('reward-server'), ...(signal ? { signal } : {}) });
    return verifier.score(states, ctx);
  };
}
