import { InputError } from '../core/errors.js';
import type { Policy, SearchContext, Step } from '../core/reasoning.js';
import type { Usage } from '../core/usage.js';
import { generateWithinBudget } from '../models/generate-within-budget.js';
import type { ChatMessage, GenerateRequest, LanguageModel, ModelWarning } from '../models/language-model.js';
import { extractMarkedAnswer, type AnswerMarker } from './answer-marker.js';
import { solutionText, type TextState } from './text-state.js';

export interface TextPolicyOptions {
  model: LanguageModel;
  /** Where a step ends (default a blank line, `\n\n`). */
  delimiter?: string;
  /** A state is finished after this many steps even without an answer (default 12). */
  maxSteps?: number;
  answerMarker?: AnswerMarker;
  /** Samples per proposal when a search asks for "all" (count = Infinity); default 4. */
  defaultProposals?: number;
  temperature?: number;
  topP?: number;
  /** Token limit of one step (default 512). */
  maxStepTokens?: number;
  /** `chat` (default): system + user + the partial answer continued; `text`: one raw prompt for base models. */
  format?: 'chat' | 'text';
  /** The instruction (a system message in chat format). */
  instruction?: string;
  /** Ask for logprobs to fill each step's prior (its mean-token probability). */
  logprobs?: boolean;
  /** Receives warnings from the model (unsupported options and the like). */
  onWarning?: (warning: ModelWarning) => void;
}

export function defaultInstruction(marker: AnswerMarker, delimiter: string): string {
  const where = marker === 'boxed' ? 'within \\boxed{}' : `on a last line starting with "${marker.slice('prefix:'.length)}"`;
  const sep = delimiter === '\n\n' ? 'a blank line' : JSON.stringify(delimiter);
  return `Solve the problem step by step. Separate the steps with ${sep}. Put the final answer ${where}.`;
}

/**
 * The step-level policy over text: a step is what the model writes up to the delimiter,
 * and the proposals for a state are `count` sampled continuations of the partial solution
 * (one request with `n`, the provider splitting it when the server cannot). A step that
 * states an answer, or the step at `maxSteps`, finishes the state. Each request carries a
 * seed drawn from the search's random source, so a seeded search replays from a request
 * cache exactly.
 */
export function createTextPolicy(options: TextPolicyOptions): Policy<TextState> {
  const delimiter = options.delimiter ?? '\n\n';
  if (delimiter.length === 0) throw new InputError('the step delimiter must not be empty (default: a blank line)');
  const maxSteps = options.maxSteps ?? 12;
  const marker = options.answerMarker ?? 'boxed';
  const instruction = options.instruction ?? defaultInstruction(marker, delimiter);
  const format = options.format ?? 'chat';
  const model = options.model;

  const request = (state: TextState, n: number, seed: number): GenerateRequest & { maxTokens: number } => {
    const soFar = state.steps.length > 0 ? solutionText(state, delimiter) + delimiter : '';
    const common: GenerateRequest = {
      n,
      stop: [delimiter],
      maxTokens: options.maxStepTokens ?? 512,
      temperature: options.temperature ?? 0.7,
      seed,
      ...(options.topP !== undefined ? { topP: options.topP } : {}),
      ...(options.logprobs ? { logprobs: true } : {}),
    };
    if (format === 'text') return { ...common, maxTokens: options.maxStepTokens ?? 512, prompt: `${instruction}\n\nProblem: ${state.question}\n\nSolution:\n${soFar}` };
    const messages: ChatMessage[] = [
      { role: 'system', content: instruction },
      { role: 'user', content: state.question },
    ];
    if (soFar) messages.push({ role: 'assistant', content: soFar });
    return { ...common, maxTokens: options.maxStepTokens ?? 512, messages };
  };

  return {
    id: model.id,
    async propose(state: TextState, count: number, ctx: SearchContext): Promise<Step<TextState>[]> {
      if (state.done) return [];
      const n = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : options.defaultProposals ?? 4;
      if (n === 0) return [];
      // Drawn before any await, so concurrent proposals draw in call order.
      const seed = ctx.random.int(2 ** 31);
      // Never more tokens than the budget has left (a step it cuts short finishes with 'length').
      const result = await generateWithinBudget(model, request(state, n, seed), ctx.budget, ctx.signal);
      if (!result) return [];
      for (const w of result.warnings) options.onWarning?.(w);
      const steps: Step<TextState>[] = [];
      result.choices.forEach((choice) => {
        const text = choice.text.replace(/\s+$/, '').replace(/^\n+/, '');
        if (text.length === 0) return; // the model ended without a step: nothing to add
        const stepsAfter = [...state.steps, text];
        const done = extractMarkedAnswer(text, marker) !== null || stepsAfter.length >= maxSteps;
        const step: Step<TextState> = { text, state: { question: state.question, steps: stepsAfter, done }, cost: { tokensOut: choice.tokens ?? 0 } };
        if (choice.logprobs && choice.logprobs.length > 0) {
          const sum = choice.logprobs.reduce((s, t) => s + t.logprob, 0);
          step.logprob = sum;
          step.prior = Math.exp(sum / choice.logprobs.length);
        }
        steps.push(step);
      });
      // The request's prompt tokens and cache counts go on the first step; with no step, to the run.
      const shared: Partial<Usage> = {
        tokensIn: result.usage.tokensIn,
        ...(result.usage.cacheHits ? { cacheHits: result.usage.cacheHits } : {}),
        ...(result.usage.cacheMisses ? { cacheMisses: result.usage.cacheMisses } : {}),
      };
      if (steps.length > 0) steps[0]!.cost = { ...steps[0]!.cost, ...shared };
      else ctx.budget.charge({ ...shared, tokensOut: result.usage.tokensOut });
      return steps;
    },
  };
}
