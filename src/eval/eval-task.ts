import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { ModelSpecOptions } from '../models/create-language-model.js';
import type { LanguageModel } from '../models/language-model.js';
import type { AnySearchAlgorithm } from '../search/types.js';

/** One problem of a dataset, as the harness sees every task. */
export interface EvalProblem {
  id: string;
  /** Position in the dataset's own order (sharding and record order use it). */
  index: number;
  /** The problem as a model is shown it. */
  prompt: string;
  /** The task's structured input (Game of 24: the four numbers; math: the problem text). */
  input: Json;
  /** The gold answer, or null for tasks whose answers an exact checker judges (Game of 24). */
  gold: string | null;
  level: string | number | null;
  subject: string | null;
}

export interface LoadedDataset {
  problems: EvalProblem[];
  split: string | null;
  /** Where the problems came from, e.g. `data/game24/24.csv` or `generator:countdown(seed=1)`. */
  source: string;
}

/**
 * What the harness needs from a task: its problems, how to read an answer out of a
 * completion, how to judge it, and the grader's equivalence for majority voting. Every
 * built-in task has an adapter (see task-registry.ts); tests use small fakes.
 */
export interface EvalTask {
  readonly name: string;
  /** Splits this task knows (the first is the default). */
  readonly splits: readonly string[];
  load(options: { split?: string; signal?: AbortSignal }): Promise<LoadedDataset>;
  /**
   * The problem a samples file means by `input` (score --samples). Throws an InputError
   * saying what is wrong with the input; the caller adds the file and line.
   */
  problemFromInput(id: string, input: Json, given?: GivenFields): EvalProblem;
  /** Loads what `problemFromInput` needs (e.g. the dataset to look problems up in). */
  prepare?(split?: string): Promise<void>;
  /** The final answer a completion states, or null when it states none. */
  extractAnswer(text: string, problem: EvalProblem): string | null;
  judge(answer: string | null, problem: EvalProblem): boolean | Promise<boolean>;
  /**
   * Whether two answers to this problem say the same (clusters answers for maj@k).
   * Absent when `answerKey` is canonical (equal keys exactly when equivalent).
   */
  equivalent?(a: string, b: string, problem: EvalProblem): boolean | Promise<boolean>;
  /** A cheap key under which equal answers are surely equivalent (default: the trimmed text). */
  answerKey?(answer: string, problem: EvalProblem): string;
  /** The search problem for one problem (tasks that `metacot eval` can run, not only score). */
  searchProblem?(problem: EvalProblem): SearchProblem<unknown>;
  /** The policy (`--model`) and verifier (`--verifier`) of a method on this task. */
  method?(spec: MethodSpec): Promise<EvalMethod>;
  /**
   * For tasks whose policy and verifier are made per problem (a language model asked
   * about each question): the whole solver. Takes precedence over `method`.
   */
  createSolver?(spec: SolverSpec): Promise<Solver>;
  /** Releases what the task holds (e.g. a grader's worker pool). */
  close?(): Promise<void>;
}

/** A method (model × search) applied to one problem: returns the whole search tree. */
export type Solver = (problem: EvalProblem, ctx: SearchContext) => Promise<TraceTree>;

export interface MethodSpec {
  model: string;
  /** null: the task's default verifier. */
  verifier: string | null;
  signal?: AbortSignal;
  /** For language models: endpoint and request cache (`--base-url`, `--cache`). */
  modelOptions?: ModelSpecOptions;
  /** A ready model instead of `model`'s spec (tests, embedding applications). */
  languageModel?: LanguageModel;
}

/** A method plus the search that runs it. */
export interface SolverSpec extends MethodSpec {
  search: AnySearchAlgorithm;
  options: Record<string, Json>;
}

export interface EvalMethod {
  policy: Policy<unknown>;
  verifier: Verifier<unknown>;
}

/** Optional fields a samples line may carry (e.g. the gold answer of a problem from elsewhere). */
export interface GivenFields {
  gold?: string;
  level?: string | number;
  subject?: string;
}
