import { createContext } from '../core/context.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { Usage } from '../core/usage.js';
import { InputError } from '../core/errors.js';
import { linearize } from '../linearize/linearize.js';
import { parseSearchSpec } from '../search/parse-search-spec.js';
import { countdownFromNumbers } from '../tasks/countdown/countdown-problem.js';
import { game24FromNumbers } from '../tasks/game24/game24-problem.js';
import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import { MODEL_SPEC_HELP } from '../models/create-language-model.js';
import type { TextState } from '../policies/text-state.js';
import type { SearchResult } from '../search/search-run.js';
import type { ArithState } from '../tasks/arith/arith-state.js';
import { budgetFromFlags } from './budget-options.js';
import type { SolveFlags } from './commands/solve.js';
import { embeddedSearchSetup, hasShippedEmbedded, loadEmbeddedFromSpec, solveInContext } from './solve-embedded.js';
import { symbolicPolicyFor, symbolicValue } from './solve-symbolic.js';

export interface SolveJson {
  problem: string;
  answer: string | null;
  verified: boolean;
  search: string;
  searchOptions: Record<string, unknown>;
  model: string;
  stopReason: string;
  usage: Usage;
  format: string;
  trace: string;
  tree: TraceTree;
}

export interface SolveOutcome {
  json: SolveJson;
  /** What a person reads: the trace, then the answer and what it cost. */
  text: string;
}

/** `metacot solve`: builds the puzzle, the policy and the search from flags, runs it, linearizes the tree. */
export async function solve(problemText: string, flags: SolveFlags, signal?: AbortSignal): Promise<SolveOutcome> {
  const target = flags.target ?? 24;
  const model = flags.model ?? (await defaultModel(flags));
  if (model === 'embedded' || model.startsWith('embedded:')) return solveWithEmbeddedModel(problemText, { ...flags, model }, target, signal);
  const { algorithm, options } = parseSearchSpec(flags.search ?? 'best-first', flags.searchOpt);
  const setup = await searchSetup(problemText, { ...flags, model }, algorithm.name, target);
  if (flags.format === 'sos' && setup.kind === 'text') {
    throw new InputError(`--format sos is for number puzzles; a free-text question takes meta-cot or optimal-path`);
  }
  const ctx = createContext({ seed: flags.seed, budget: budgetFromFlags(flags), ...(signal ? { signal } : {}) });
  const result = await (algorithm.run as RunAny)(setup.problem, setup.policy, setup.verifier, options, ctx);
  const policy = setup.policy;
  const problem = setup.problem;
  const trace = linearize(result.tree, flags.format).text;
  const json: SolveJson = {
    problem: problem.prompt,
    answer: result.answer,
    verified: result.verified,
    search: algorithm.name,
    searchOptions: options,
    model: policy.id,
    stopReason: result.stopReason,
    usage: result.usage,
    format: flags.format,
    trace,
    tree: result.tree,
  };
  return { json, text: renderText(json, setup.kind === 'puzzle' ? ` = ${target}` : '') };
}

// The setups differ in state type; the algorithm is generic over it.
type RunAny = (problem: SearchProblem<unknown>, policy: Policy<unknown>, verifier: Verifier<unknown>, options: Record<string, Json>, ctx: SearchContext) => Promise<SearchResult<unknown>>;

type Setup =
  | { kind: 'puzzle'; problem: SearchProblem<ArithState>; policy: Policy<ArithState>; verifier: Verifier<ArithState> }
  | { kind: 'text'; problem: SearchProblem<TextState>; policy: Policy<TextState>; verifier: Verifier<TextState> };

/**
 * What proposes and scores steps: the symbolic policy with a heuristic value, or a language
 * model (`openai:NAME`, `gguf:PATH`) — Tree of Thoughts' propose and value prompts for a
 * number puzzle, the text step policy with a model judge for any other question.
 */
async function searchSetup(problemText: string, flags: SolveFlags & { model: string }, searchName: string, target: number): Promise<Setup> {
  const model = flags.model;
  if (model === 'symbolic') {
    const problem = flags.task === 'countdown' ? countdownFromNumbers(problemText, target) : game24FromNumbers(problemText, target);
    return { kind: 'puzzle', problem, policy: symbolicPolicyFor(searchName, problem.rules), verifier: symbolicValue(flags.value, problem.rules) };
  }
  if (!model.includes(':')) {
    throw new InputError(`unknown --model '${model}'; valid: symbolic, embedded[:NAME], ${MODEL_SPEC_HELP}`);
  }
  const { createLanguageModel } = await import('../models/create-language-model.js');
  const { createModelSearchSetup } = await import('../verifiers/llm/model-search-setup.js');
  const languageModel = await createLanguageModel(model, {
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    ...(flags.cache ? { cache: flags.cache } : {}),
  });
  const setup = createModelSearchSetup(problemText, { model: languageModel, target });
  return setup.kind === 'game24' ? { ...setup, kind: 'puzzle' } : setup;
}

/** The embedded model for Game of 24 when its weights are shipped; the symbolic solver otherwise. */
async function defaultModel(flags: SolveFlags): Promise<string> {
  return flags.task === 'game24' && (await hasShippedEmbedded()) ? 'embedded' : 'symbolic';
}

/**
 * `--model embedded[:NAME]`: by default the model's own in-context search (it writes the
 * search, the task computes every step and checks the answer); with `--search ALG`, that
 * tree search with the model as the policy and its written values as the verifier.
 */
async function solveWithEmbeddedModel(problemText: string, flags: SolveFlags & { model: string }, target: number, signal?: AbortSignal): Promise<SolveOutcome> {
  if (flags.task !== 'game24') throw new InputError(`the embedded model plays Game of 24 only; use --model symbolic for --task ${flags.task}`);
  const puzzle = game24FromNumbers(problemText, target);
  const model = await loadEmbeddedFromSpec(flags.model);
  const budget = budgetFromFlags(flags);
  let outcome: { tree: TraceTree; answer: string | null; verified: boolean; stopReason: string; usage: Usage; search: string; searchOptions: Record<string, unknown>; ownText?: string };
  if (flags.search === undefined || flags.search === 'in-context') {
    const samples = inContextSamples(flags.searchOpt);
    const result = await solveInContext(model, puzzle.numbers, {
      target, integer: false, seed: flags.seed, samples,
      ...(budget.maxTokens !== undefined ? { maxTokens: budget.maxTokens } : {}),
      ...(signal ? { signal } : {}),
    });
    outcome = { ...result, search: 'in-context', searchOptions: result.tree.search.options, ownText: result.text };
  } else {
    const { algorithm, options } = parseSearchSpec(flags.search, flags.searchOpt);
    const setup = await embeddedSearchSetup(model, puzzle.numbers, target);
    const ctx = createContext({ seed: flags.seed, budget, ...(signal ? { signal } : {}) });
    const result = await algorithm.run(setup.problem, setup.policy, setup.verifier, options, ctx);
    outcome = { tree: result.tree, answer: result.answer, verified: result.verified, stopReason: result.stopReason, usage: result.usage, search: algorithm.name, searchOptions: options };
  }
  // The in-context search in meta-cot is best shown as the model wrote it.
  const trace = flags.format === 'meta-cot' && outcome.ownText !== undefined ? outcome.ownText : linearize(outcome.tree, flags.format).text;
  const json: SolveJson = {
    problem: puzzle.prompt,
    answer: outcome.answer,
    verified: outcome.verified,
    search: outcome.search,
    searchOptions: outcome.searchOptions,
    model: model.id,
    stopReason: outcome.stopReason,
    usage: outcome.usage,
    format: flags.format,
    trace,
    tree: outcome.tree,
  };
  return { json, text: renderText(json, ` = ${target}`) };
}

/** `--search-opt samples=N` for the in-context search: N independent searches, the first verified wins. */
function inContextSamples(optionStrings: readonly string[]): number {
  let samples = 1;
  for (const raw of optionStrings) {
    const [key, value] = raw.split('=', 2);
    if (key?.trim() !== 'samples') throw new InputError(`the in-context search takes only --search-opt samples=N, got '${raw}'`);
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InputError(`--search-opt samples must be a positive integer, got '${value ?? ''}'`);
    samples = n;
  }
  return samples;
}

function renderText(json: SolveJson, answerSuffix: string): string {
  const u = json.usage;
  const cost = `${u.policyCalls} policy calls, ${u.verifierCalls} verifier calls, ${u.tokensOut} tokens out, ${Math.round(u.ms)} ms`;
  const verdict = json.verified
    ? `verified: ${json.answer}${answerSuffix}`
    : `unsolved (${json.stopReason})${json.answer ? `; best attempt ${json.answer} is wrong` : ''}`;
  return `${json.trace.replace(/\n*$/, '\n')}\n${verdict}\n${json.search} search with ${json.model} policy: ${cost}\n`;
}
