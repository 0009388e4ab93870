import { createContext } from '../core/context.js';
import { redactSecrets } from '../core/redact-secrets.js';
import type { Policy, SearchProblem, Verifier } from '../core/reasoning.js';
import type { LanguageModel } from '../models/language-model.js';
import { createTextPolicy } from '../policies/text-policy.js';
import { createJudgeVerifier } from '../verifiers/llm/judge-verifier.js';
import { createRolloutValue } from '../verifiers/llm/rollout-value.js';
import { createTextProblem } from '../policies/text-problem.js';
import type { TextState } from '../policies/text-state.js';
import { checkAnswer } from '../tasks/arith/check-answer.js';
import { fromInteger } from '../tasks/arith/rational.js';
import { withConversation } from './conversation-model.js';
import { ServerRequestError } from '../http/openai-error.js';
import { puzzleFromConversation } from './puzzle-from-text.js';
import type { PreparedSearch, ReasonRequest } from './reasoner.js';

/** What a verifier may build on: the upstream model (as a judge), and the search's policy and problem. */
export interface TextVerifierInputs {
  judge: LanguageModel;
  policy: Policy<TextState>;
  problem: SearchProblem<TextState>;
}

/** Builds a verifier for text states; throws a ServerRequestError when it cannot serve this problem. */
export type TextVerifierFactory = (inputs: TextVerifierInputs) => Verifier<TextState>;

export interface ModelReasonerOptions {
  /** The upstream model of a name (the server keeps one client per name). */
  model: (name: string) => LanguageModel;
  /** Verifiers by name; `metacot.verifier` picks one, `defaultVerifier` otherwise. */
  verifiers: Record<string, TextVerifierFactory>;
  defaultVerifier: string;
}

/**
 * `none`: every state scores 0.5, so a search leans on exact checkers (puzzle answers are
 * checked exactly) and on the policy's priors. For when no judge is wanted or available.
 */
export const neutralVerifier: TextVerifierFactory = () => ({
  id: 'none',
  kind: 'process',
  score: async (states) => states.map(() => 0.5),
});

/**
 * The verifiers a search over an upstream model can use (`metacot.verifier`):
 * `process-judge` (the model judges partial solutions, P(Yes); the default),
 * `judge` (finished solutions only), `rollout` (the share of random continuations
 * that reach a checked answer; puzzles only, as it needs an exact checker), `none`.
 */
export const SERVER_TEXT_VERIFIERS: Record<string, TextVerifierFactory> = {
  'process-judge': ({ judge }) => createJudgeVerifier({ model: judge, kind: 'process' }),
  judge: ({ judge }) => createJudgeVerifier({ model: judge, kind: 'outcome' }),
  rollout: ({ policy, problem }) => {
    if (!problem.verify) {
      throw new ServerRequestError(400, "metacot.verifier 'rollout' needs an exactly checkable question (a Game of 24 / Countdown puzzle); use 'process-judge' or 'judge'", 'invalid_request_error', 'metacot.verifier');
    }
    return createRolloutValue({ policy, problem, rollouts: 4, maxDepth: 6 });
  },
  none: neutralVerifier,
};

/**
 * A search whose policy is an upstream model: steps are paragraphs the model writes
 * with the whole conversation in view; a Game of 24 / Countdown question gets its final
 * answers checked exactly, anything else is judged by the chosen verifier.
 */
export function prepareModelSearch(request: ReasonRequest & { model: string }, options: ModelReasonerOptions): PreparedSearch {
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  if (!lastUser || lastUser.content.trim() === '') {
    throw new ServerRequestError(400, 'messages: a search needs a user message with text to answer', 'invalid_request_error', 'messages');
  }
  const verifierName = request.verifier ?? options.defaultVerifier;
  const makeVerifier = options.verifiers[verifierName];
  if (!makeVerifier) {
    throw new ServerRequestError(400, `unknown verifier '${verifierName}'; valid: ${Object.keys(options.verifiers).join(', ')}`, 'invalid_request_error', 'metacot.verifier', 'unknown_verifier');
  }
  const puzzle = puzzleFromConversation(request.messages);
  const start = puzzle?.numbers.map(fromInteger);
  const problem = createTextProblem({
    question: lastUser.content,
    task: puzzle ? (puzzle.rules === 'integer' ? 'countdown' : 'game24') : 'chat',
    ...(puzzle && start ? { verify: (answer: string) => checkAnswer(answer, start, puzzle.target, { rules: puzzle.rules }).ok } : {}),
  });
  const upstream = options.model(request.model);
  const model = withConversation(upstream, request.messages);
  const policy = createTextPolicy({
    model,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
  });
  const verifier = makeVerifier({ judge: upstream, policy, problem });
  return {
    policyId: policy.id,
    async run(emit, signal) {
      const ctx = createContext({ seed: request.seed, budget: request.budget, signal, emit });
      const result = await request.algorithm.run(problem, policy, verifier, request.options, ctx);
      const state = result.bestState;
      const error = result.error === undefined ? undefined : redactSecrets(result.error);
      const why = error ? `it stopped: the model refused a request: ${error}` : `it stopped: ${result.stopReason}`;
      const content = state && result.best?.flags.terminal && result.best.flags.verified !== false
        ? state.steps.join('\n\n')
        : `No answer was found within this search (${why}).${state && state.steps.length > 0 ? `\n\nThe most promising partial solution:\n\n${state.steps.join('\n\n')}` : ''}`;
      return { tree: result.tree, content, ...(error ? { error } : {}) };
    },
  };
}
