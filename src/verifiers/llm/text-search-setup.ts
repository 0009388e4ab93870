import { InputError } from '../../core/errors.js';
import type { Policy, SearchProblem, Verifier } from '../../core/reasoning.js';
import type { LanguageModel, ModelWarning } from '../../models/language-model.js';
import type { AnswerMarker } from '../../policies/answer-marker.js';
import { createTextPolicy, type TextPolicyOptions } from '../../policies/text-policy.js';
import { createTextProblem } from '../../policies/text-problem.js';
import type { TextState } from '../../policies/text-state.js';
import type { StepAggregation } from './aggregate-steps.js';
import { createJudgeVerifier } from './judge-verifier.js';
import { createRewardModelVerifier, type RewardProtocol } from './reward-model-verifier.js';
import { createRolloutValue } from './rollout-value.js';

export type TextVerifierName = 'judge' | 'process-judge' | 'rollout' | 'prm' | 'reward-json' | 'none';
export const TEXT_VERIFIERS: readonly TextVerifierName[] = ['judge', 'process-judge', 'rollout', 'prm', 'reward-json', 'none'];

export interface TextSearchSetupOptions {
  question: string;
  model: LanguageModel;
  /** Default `process-judge` (so step-level searches can prune); see TEXT_VERIFIERS. */
  verifier?: TextVerifierName;
  /** The judge's model (default: the policy's). */
  judgeModel?: LanguageModel;
  /** For `prm` (a vLLM server root) and `reward-json` (the full URL). */
  rewardUrl?: string;
  rewardModel?: string;
  rewardApiKey?: string;
  rewardProtocol?: Exclude<RewardProtocol, 'json'>;
  aggregate?: StepAggregation;
  /** For `rollout`: continuations per state. */
  rollouts?: number;
  answerMarker?: AnswerMarker;
  /** A gold answer: finished states are then checked against it (exact after whitespace removal). */
  gold?: string;
  policy?: Omit<TextPolicyOptions, 'model' | 'answerMarker'>;
  fetch?: typeof globalThis.fetch;
  onWarning?: (warning: ModelWarning) => void;
}

export interface TextSearchSetup {
  problem: SearchProblem<TextState>;
  policy: Policy<TextState>;
  verifier: Verifier<TextState>;
}

/**
 * Everything a search needs to answer a free-text question with a language model: the
 * problem, the text step policy and a verifier. What `metacot solve --model …` and the
 * server call; every search algorithm runs on the result unchanged.
 */
export function createTextSearchSetup(options: TextSearchSetupOptions): TextSearchSetup {
  const marker = options.answerMarker ?? 'boxed';
  const normalise = (a: string) => a.replace(/\s+/g, '').replace(/^\\text\{(.*)\}$/, '$1');
  const gold = options.gold;
  const problem = createTextProblem({
    question: options.question,
    answerMarker: marker,
    ...(gold !== undefined ? { verify: (a: string) => normalise(a) === normalise(gold) } : {}),
  });
  const policy = createTextPolicy({
    ...options.policy,
    model: options.model,
    answerMarker: marker,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const judge = options.judgeModel ?? options.model;
  const name = options.verifier ?? 'process-judge';
  let verifier: Verifier<TextState>;
  switch (name) {
    case 'judge':
    case 'process-judge':
      verifier = createJudgeVerifier<TextState>({ model: judge, kind: name === 'judge' ? 'outcome' : 'process', ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
      break;
    case 'rollout':
      verifier = createRolloutValue({ policy, problem, ...(options.rollouts ? { rollouts: options.rollouts } : {}) });
      break;
    case 'prm':
    case 'reward-json': {
      if (!options.rewardUrl) throw new InputError(`the ${name} verifier needs a reward-model URL (e.g. --reward-url http://localhost:8000)`);
      verifier = createRewardModelVerifier<TextState>({
        url: options.rewardUrl,
        protocol: name === 'prm' ? options.rewardProtocol ?? 'pooling' : 'json',
        ...(options.rewardModel ? { model: options.rewardModel } : {}),
        ...(options.rewardApiKey ? { apiKey: options.rewardApiKey } : {}),
        ...(options.aggregate ? { aggregate: options.aggregate } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      break;
    }
    case 'none':
      verifier = { id: 'none', kind: 'process', score: async (states) => states.map(() => 0.5) };
      break;
    default:
      throw new InputError(`unknown verifier "${String(name)}" for a model search (expected one of ${TEXT_VERIFIERS.join(', ')})`);
  }
  return { problem, policy, verifier };
}
