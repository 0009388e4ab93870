import type { Budget } from '../core/budget.js';
import { createContext } from '../core/context.js';
import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { Usage } from '../core/usage.js';
import { linearize } from '../linearize/linearize.js';
import type { SearchResult } from '../search/search-run.js';
import { parseSearchSpec } from '../search/parse-search-spec.js';
import type { ArithProblem } from '../tasks/arith/arith-problem.js';
import { countdownFromNumbers } from '../tasks/countdown/countdown-problem.js';
import { game24FromNumbers } from '../tasks/game24/game24-problem.js';
import type { SolveAttempt } from './adaptive.js';
import { chooseModel, type PuzzleTask } from './choose-model.js';
import { isCompleteSearch } from './complete-search.js';
import type { MethodOutcome, NumberPuzzle } from './embedded-methods.js';
import { symbolicPolicyFor, symbolicValue } from './symbolic-setup.js';
import type { ServerKind } from '../models/server-probe.js';

export const TRACE_FORMAT_NAMES = ['meta-cot', 'sos', 'optimal-path'] as const;
export type TraceFormatName = (typeof TRACE_FORMAT_NAMES)[number];

export interface SolveOptions {
  /** Puzzle rules (default `game24`; `countdown`: integer results only). */
  task?: PuzzleTask;
  /** The number to reach (default 24). */
  target?: number;
  /**
   * What proposes steps: `symbolic`, `embedded` (the shipped model that fits the task and
   * target), `embedded:NAME`, `openai:NAME`, `gguf:PATH`. Default: the fitting shipped
   * embedded model, else the symbolic policy (with a note saying why).
   */
  model?: string;
  /**
   * The search. With the embedded model: `adaptive` (default: greedy in-context search,
   * then T=1 resamples, then model-guided best-first over every legal step), `in-context`,
   * `bon-N`/`maj-N` (N in-context searches at T=1), or any tree search (best-first, astar,
   * dfs, beam, mcts, greedy) guided by the model over every legal step. Otherwise any
   * search spec (default best-first).
   */
  search?: string;
  /** `key=value` search options (e.g. `breadth=5`, `samples=4`, `resamples=2`). */
  searchOpt?: readonly string[];
  /** The symbolic policy's value function (default mult-heuristic). */
  value?: string;
  format?: TraceFormatName;
  seed?: string;
  budget?: Budget;
  baseUrl?: string;
  cache?: string;
  /** The servers' kind (default: asked once per base URL) and the model's chat template (docs/models.md). */
  serverKind?: ServerKind | 'auto';
  chatTemplate?: string;
  signal?: AbortSignal;
}

/** How a solve ended, as its exit code reads it: 0 verified; 1 unsolved or proven unsolvable. */
export type SolveVerdict = 'verified' | 'no-solution' | 'unsolved';

export interface SolveResult {
  problem: string;
  answer: string | null;
  verified: boolean;
  verdict: SolveVerdict;
  search: string;
  searchOptions: Record<string, unknown>;
  model: string;
  stopReason: string;
  usage: Usage;
  format: TraceFormatName;
  trace: string;
  tree: TraceTree;
  /** Each method an adaptive search ran, in order (one entry for a single method). */
  attempts: SolveAttempt[];
  /** Why a policy other than the asked-for or default one ran, and the like. */
  notes: string[];
  /** The target, for number puzzles (the answer reads `answer = target` when verified). */
  target: number | null;
}

/**
 * Solves one problem by search, as `metacot solve` does: a Game of 24 / Countdown puzzle
 * (`"4 9 10 13"`) with the embedded model, the symbolic policy or a language model, or
 * any question with a language model. Returns the verified answer (or why there is none),
 * the linearized search, its tree and what it cost.
 */
export async function solve(problemText: string, options: SolveOptions = {}): Promise<SolveResult> {
  const task = options.task ?? 'game24';
  const target = options.target ?? 24;
  const format = options.format ?? 'meta-cot';
  const requested = options.model;
  if (requested !== undefined && requested !== 'symbolic' && requested !== 'embedded' && !requested.startsWith('embedded:')) {
    return solveWithLanguageModel(problemText, { ...options, model: requested }, task, target, format);
  }
  const puzzle = puzzleOf(problemText, task, target);
  const choice = chooseModel(requested, task, target, puzzle.numbers);
  if (choice.kind === 'symbolic') {
    const result = await solveSymbolic(puzzle, options, format);
    if (choice.note) result.notes.push(choice.note);
    return result;
  }
  const { solveWithEmbedded } = await import('./solve-embedded.js');
  return solveWithEmbedded(puzzle, choice.name, requested !== undefined, options, format);
}

function puzzleOf(problemText: string, task: PuzzleTask, target: number): ArithProblem {
  return task === 'countdown' ? countdownFromNumbers(problemText, target) : game24FromNumbers(problemText, target);
}

async function solveSymbolic(puzzle: ArithProblem, options: SolveOptions, format: TraceFormatName): Promise<SolveResult> {
  const { algorithm, options: searchOptions } = parseSearchSpec(options.search ?? 'best-first', options.searchOpt ?? []);
  const policy = symbolicPolicyFor(algorithm.name, puzzle.rules);
  const verifier = symbolicValue(options.value ?? 'mult-heuristic', puzzle.rules);
  const ctx = createContext({ seed: options.seed ?? '0', budget: options.budget ?? {}, ...(options.signal ? { signal: options.signal } : {}) });
  const result = await (algorithm.run as RunAny)(puzzle, policy, verifier, searchOptions, ctx);
  const complete = policy.id === 'symbolic' && algorithm.name !== 'best-of-n' && algorithm.name !== 'majority' && isCompleteSearch(algorithm.name, searchOptions, puzzle.numbers.length);
  return resultOf(puzzle.prompt, result, { search: algorithm.name, searchOptions, model: policy.id, format, complete, target: puzzle.target });
}

async function solveWithLanguageModel(problemText: string, options: SolveOptions & { model: string }, task: PuzzleTask, target: number, format: TraceFormatName): Promise<SolveResult> {
  if (!options.model.includes(':')) {
    const { MODEL_SPEC_HELP } = await import('../models/create-language-model.js');
    throw new InputError(`unknown --model '${options.model}'; valid: symbolic, embedded[:NAME], ${MODEL_SPEC_HELP}`);
  }
  const { algorithm, options: searchOptions } = parseSearchSpec(options.search ?? 'best-first', options.searchOpt ?? []);
  const { createLanguageModel } = await import('../models/create-language-model.js');
  const { createModelSearchSetup } = await import('../verifiers/llm/model-search-setup.js');
  const languageModel = await createLanguageModel(options.model, {
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.serverKind ? { serverKind: options.serverKind } : {}),
    ...(options.chatTemplate ? { chatTemplate: options.chatTemplate } : {}),
  });
  const setup = createModelSearchSetup(problemText, { model: languageModel, target });
  if (format === 'sos' && setup.kind !== 'game24') throw new InputError(`--format sos is for number puzzles; a free-text question takes meta-cot or optimal-path`);
  if (task === 'countdown' && setup.kind === 'game24') throw new InputError('--task countdown is solved with symbolic or embedded models; a language model plays Game of 24 rules');
  const ctx = createContext({ seed: options.seed ?? '0', budget: options.budget ?? {}, ...(options.signal ? { signal: options.signal } : {}) });
  const result = await (algorithm.run as RunAny)(setup.problem as SearchProblem<unknown>, setup.policy as Policy<unknown>, setup.verifier as Verifier<unknown>, searchOptions, ctx);
  return resultOf(setup.problem.prompt, result, {
    search: algorithm.name, searchOptions, model: setup.policy.id, format, complete: false, target: setup.kind === 'game24' ? target : null,
  });
}

// The setups differ in state type; the algorithm is generic over it.
type RunAny = (problem: SearchProblem<unknown>, policy: Policy<unknown>, verifier: Verifier<unknown>, options: Record<string, Json>, ctx: SearchContext) => Promise<SearchResult<unknown>>;

interface ResultInfo {
  search: string;
  searchOptions: Record<string, unknown>;
  model: string;
  format: TraceFormatName;
  /** The search covered every legal step, so `exhausted` is a proof. */
  complete: boolean;
  target: number | null;
  attempts?: SolveAttempt[];
  ownText?: string;
  notes?: string[];
}

/** The result of a search tree or a method's outcome, in the one shape every solve returns. */
export function resultOf(problem: string, result: Pick<MethodOutcome, 'tree' | 'answer' | 'verified' | 'stopReason' | 'usage'>, info: ResultInfo): SolveResult {
  // The in-context search in meta-cot is best shown as the model wrote it.
  const trace = info.format === 'meta-cot' && info.ownText !== undefined ? info.ownText : linearize(result.tree, info.format).text;
  const verdict: SolveVerdict = result.verified ? 'verified' : info.complete && result.stopReason === 'exhausted' ? 'no-solution' : 'unsolved';
  return {
    problem,
    answer: result.answer,
    verified: result.verified,
    verdict,
    search: info.search,
    searchOptions: info.searchOptions,
    model: info.model,
    stopReason: result.stopReason,
    usage: result.usage,
    format: info.format,
    trace,
    tree: result.tree,
    attempts: info.attempts ?? [],
    notes: info.notes ?? [],
    target: info.target,
  };
}

export type { NumberPuzzle };
export { isCompleteSearch };
