import type { SearchContext, Verifier } from '../../core/reasoning.js';
import { generateWithinBudget } from '../../models/generate-within-budget.js';
import type { GenerateRequest, LanguageModel, ModelWarning } from '../../models/language-model.js';
import { solutionText, type TextState } from '../../policies/text-state.js';
import { outcomeJudgePrompt, processJudgePrompt } from './judge-prompts.js';
import { yesProbability, yesVoteShare } from './yes-no-probability.js';

export interface JudgeOptions<S> {
  model: LanguageModel;
  /** `outcome`: judges finished solutions; `process`: also partial ones. */
  kind: 'outcome' | 'process';
  /** The question and the solution (so far) of a state; default for TextState. */
  render?: (state: S) => { question: string; solution: string };
  /** Builds the prompt (default: the prompts in judge-prompts.ts). */
  prompt?: (question: string, solution: string) => string;
  /** Alternatives asked for at the first token (default 10). */
  topLogprobs?: number;
  /** Samples for the vote fallback when logprobs are missing (default 5). */
  votes?: number;
  voteTemperature?: number;
  onWarning?: (warning: ModelWarning) => void;
}

const renderText = (state: unknown) => {
  const s = state as TextState;
  return { question: s.question, solution: solutionText(s) };
};

/**
 * A model as a judge: asks a Yes/No question about each state and scores it P(Yes), read
 * from the logprobs of the first answer token (one greedy token per state). When the
 * server gives no logprobs (or neither answer is among them), it samples `votes` replies
 * and scores the share of Yes. Calls for a batch run concurrently; their tokens are
 * charged to the search budget.
 */
export function createJudgeVerifier<S = TextState>(options: JudgeOptions<S>): Verifier<S> {
  const render = options.render ?? (renderText as (state: S) => { question: string; solution: string });
  const prompt = options.prompt ?? (options.kind === 'outcome' ? outcomeJudgePrompt : processJudgePrompt);
  const model = options.model;
  const votes = options.votes ?? 5;

  const ask = async (state: S, seed: number, ctx: SearchContext): Promise<number> => {
    const { question, solution } = render(state);
    const base: GenerateRequest = { messages: [{ role: 'user', content: prompt(question, solution) }], seed };
    // A judge with no token left in the budget cannot be asked: the state scores neutral.
    const first = await generateWithinBudget(model, { ...base, maxTokens: 1, temperature: 0, logprobs: true, topLogprobs: options.topLogprobs ?? 10 }, ctx.budget, ctx.signal);
    if (!first) return 0.5;
    ctx.budget.charge({ tokensIn: first.usage.tokensIn, tokensOut: first.usage.tokensOut });
    for (const w of first.warnings) options.onWarning?.(w);
    const p = first.choices[0] ? yesProbability(first.choices[0]) : null;
    if (p !== null) return p;
    const sampled = await generateWithinBudget(model, { ...base, n: votes, maxTokens: 4, temperature: options.voteTemperature ?? 1 }, ctx.budget, ctx.signal);
    if (!sampled) return 0.5;
    ctx.budget.charge({ tokensIn: sampled.usage.tokensIn, tokensOut: sampled.usage.tokensOut });
    return yesVoteShare(sampled.choices);
  };

  return {
    id: `judge-${options.kind}:${model.id}`,
    kind: options.kind,
    async score(states: readonly S[], ctx: SearchContext): Promise<number[]> {
      // Seeds are drawn before any await, so a seeded run asks the same questions in replay.
      const seeds = states.map(() => ctx.random.int(2 ** 31));
      return Promise.all(states.map((state, i) => ask(state, seeds[i]!, ctx)));
    },
  };
}
