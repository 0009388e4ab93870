import { InputError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import { extractAnswer } from '../../tasks/math/extract-answer.js';
import type { TextVerifierName } from '../../verifiers/llm/text-search-setup.js';
import type { EvalProblem, EvalTask, GivenFields, LoadedDataset, Solver, SolverSpec } from '../eval-task.js';
import { mathGrading, type MathGradingOptions } from './math-grading.js';

export interface MathEvalTaskOptions {
  name: string;
  splits: readonly string[];
  /** Loads the dataset's problems (with gold answers, levels, subjects). */
  load(split: string): LoadedDataset | Promise<LoadedDataset>;
  grading?: MathGradingOptions;
}

const normalizeText = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * A math dataset as the harness sees it: answers are extracted from completions (last
 * `\boxed{}`, "The answer is", `####`, ...) and judged by the math grader against the
 * gold answer; maj@k clusters by the grader's equivalence. A samples line names its
 * problem by id or by the problem text (`input`), or carries its own `gold`.
 */
export function mathEvalTask(options: MathEvalTaskOptions): EvalTask {
  const grading = mathGrading(options.grading);
  let index: { byId: Map<string, EvalProblem>; byText: Map<string, EvalProblem> } | null = null;
  let loadedFor: string | null = null;
  const ensureIndex = async (split: string) => {
    if (index && loadedFor === split) return index;
    const dataset = await options.load(split);
    index = { byId: new Map(), byText: new Map() };
    for (const p of dataset.problems) {
      index.byId.set(p.id, p);
      if (typeof p.input === 'string') index.byText.set(normalizeText(p.input), p);
    }
    loadedFor = split;
    return index;
  };
  const task: EvalTask = {
    name: options.name,
    splits: options.splits,
    async load({ split }) {
      const chosen = split ?? options.splits[0]!;
      if (!options.splits.includes(chosen)) throw new InputError(`--split '${chosen}' is not a split of ${options.name}; valid: ${options.splits.join(', ')}`);
      return options.load(chosen);
    },
    /** Loads the dataset index that `problemFromInput` looks problems up in. */
    async prepare(split?: string) {
      await ensureIndex(split ?? options.splits[0]!);
    },
    problemFromInput(id: string, input: Json, given?: GivenFields): EvalProblem {
      if (typeof input !== 'string') throw new InputError(`input must be the problem text (a string), got ${JSON.stringify(input).slice(0, 60)}`);
      const known = index?.byId.get(id) ?? index?.byText.get(normalizeText(input));
      const gold = given?.gold ?? known?.gold ?? null;
      if (gold === null) {
        throw new InputError(`problem '${id}' is not in ${options.name} (by id or by its text) and the line gives no 'gold' answer`);
      }
      return {
        id,
        index: known?.index ?? 0,
        prompt: known?.prompt ?? input,
        input,
        gold,
        level: given?.level ?? known?.level ?? null,
        subject: given?.subject ?? known?.subject ?? null,
      };
    },
    extractAnswer(text: string): string | null {
      return extractAnswer(text).answer;
    },
    async judge(answer: string | null, problem: EvalProblem): Promise<boolean> {
      if (answer === null || problem.gold === null) return false;
      return grading.judge(answer, problem.gold);
    },
    equivalent: (a: string, b: string) => grading.equivalent(a, b),
    async createSolver(spec: SolverSpec): Promise<Solver> {
      const [{ createLanguageModel, MODEL_SPEC_HELP }, { createTextSearchSetup, TEXT_VERIFIERS }] = await Promise.all([
        import('../../models/create-language-model.js'),
        import('../../verifiers/llm/text-search-setup.js'),
      ]);
      const verifier = spec.verifier ?? 'process-judge';
      if (!(TEXT_VERIFIERS as readonly string[]).includes(verifier)) {
        throw new InputError(`--verifier '${verifier}' is not a verifier for ${options.name}; valid: ${TEXT_VERIFIERS.join(', ')}`);
      }
      if (!spec.languageModel && !/^[a-z]+:/.test(spec.model)) {
        throw new InputError(`--model '${spec.model}' is not a language model spec for ${options.name}; use ${MODEL_SPEC_HELP}`);
      }
      const model = spec.languageModel ?? (await createLanguageModel(spec.model, spec.modelOptions ?? {}));
      return async (problem, ctx) => {
        // The gold answer stays out of the search (no exact-string early stop); the grader judges afterwards.
        const setup = createTextSearchSetup({ question: problem.prompt, model, verifier: verifier as TextVerifierName });
        const result = await spec.search.run(setup.problem, setup.policy, setup.verifier, spec.options, ctx);
        return { ...result.tree, problem: { ...result.tree.problem, id: problem.id, task: options.name } };
      };
    },
    answerKey: (answer: string) => grading.key(answer),
    close: () => grading.close(),
  };
  return task;
}
