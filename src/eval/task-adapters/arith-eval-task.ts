import { InputError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import type { Policy, Verifier } from '../../core/reasoning.js';
import { createArithProblem, type ArithProblem } from '../../tasks/arith/arith-problem.js';
import type { ArithRules, ArithState } from '../../tasks/arith/arith-state.js';
import { multHeuristicValue, oracleSolvableValue, sumHeuristicValue } from '../../tasks/arith/arith-values.js';
import { extractExpression } from '../../tasks/arith/check-answer.js';
import { tidyExpression } from '../../tasks/arith/expression.js';
import { parseNumbers } from '../../tasks/arith/parse-numbers.js';
import { randomRolloutPolicy, symbolicPolicy } from '../../policies/symbolic-policy.js';
import type { EvalMethod, EvalProblem, EvalTask, GivenFields, LoadedDataset, MethodSpec } from '../eval-task.js';

/** The policies and value functions a Game of 24 / Countdown run can use without a language model. */
export const ARITH_MODELS = ['symbolic', 'random-rollout'] as const;
export const ARITH_VERIFIERS = ['sum-heuristic', 'mult-heuristic', 'oracle-solvable'] as const;

export interface ArithEvalTaskOptions {
  name: string;
  rules: ArithRules;
  splits: readonly string[];
  load(split: string): LoadedDataset;
  /** The target when a samples file gives only numbers (Game of 24: 24). */
  defaultTarget: number | null;
}

/**
 * The harness's view of an arithmetic puzzle task: an answer is an expression, correct
 * when it uses each number once and reaches the target (the task's own checker); every
 * correct expression is the same answer for voting ("it makes the target"), and wrong
 * ones vote together when they are the same expression up to spacing and parentheses.
 */
export function arithEvalTask(options: ArithEvalTaskOptions): EvalTask {
  const problems = new Map<string, ArithProblem>();
  const arith = (problem: EvalProblem): ArithProblem => {
    let p = problems.get(problem.id);
    if (!p) {
      const { numbers, target } = numbersAndTarget(problem.input, options.defaultTarget);
      p = createArithProblem({ numbers, target, rules: options.rules, task: options.name, id: problem.id });
      problems.set(problem.id, p);
    }
    return p;
  };
  const valid = (answer: string, problem: EvalProblem) => arith(problem).check(answer).ok;
  const valueFunction = (name: string): Verifier<ArithState> => {
    if (name === 'sum-heuristic') return sumHeuristicValue();
    if (name === 'mult-heuristic') return multHeuristicValue();
    if (name === 'oracle-solvable') return oracleSolvableValue({ rules: options.rules });
    throw new InputError(`--verifier '${name}' is not a value function for ${options.name}; valid: ${ARITH_VERIFIERS.join(', ')}${options.rules === 'rational' ? ', tot-value (with a language model)' : ''}`);
  };
  /** Game of 24 with a language model as Tree of Thoughts ran it: its propose prompt and its sure/likely/impossible value prompt. */
  const languageModelMethod = async (spec: MethodSpec): Promise<EvalMethod> => {
    if (options.rules !== 'rational' || !(spec.languageModel || /^[a-z]+:/.test(spec.model))) {
      throw new InputError(`--model '${spec.model}' cannot play ${options.name} here; valid: ${ARITH_MODELS.join(', ')}${options.rules === 'rational' ? ', or a language model (openai:NAME, gguf:PATH)' : ''}`);
    }
    const [{ createLanguageModel }, { totProposePolicy }, { totValueVerifier }] = await Promise.all([
      import('../../models/create-language-model.js'),
      import('../../policies/tot-propose-policy.js'),
      import('../../verifiers/tot-game24/tot-value-verifier.js'),
    ]);
    const model = spec.languageModel ?? (await createLanguageModel(spec.model, spec.modelOptions ?? {}));
    const name = spec.verifier ?? 'tot-value';
    const verifier = name === 'tot-value' ? totValueVerifier({ model }) : valueFunction(name);
    return { policy: totProposePolicy({ model }) as Policy<unknown>, verifier: verifier as Verifier<unknown> };
  };
  return {
    name: options.name,
    splits: options.splits,
    async load({ split }) {
      const chosen = split ?? options.splits[0]!;
      if (!options.splits.includes(chosen)) throw new InputError(`--split '${chosen}' is not a split of ${options.name}; valid: ${options.splits.join(', ')}`);
      return options.load(chosen);
    },
    problemFromInput(id: string, input: Json, given?: GivenFields): EvalProblem {
      const { numbers, target } = numbersAndTarget(input, options.defaultTarget);
      const p = createArithProblem({ numbers, target, rules: options.rules, task: options.name, id });
      problems.set(id, p);
      return { id, index: 0, prompt: p.prompt, input: { numbers, target }, gold: null, level: given?.level ?? null, subject: given?.subject ?? null };
    },
    extractAnswer(text: string): string | null {
      const expression = extractExpression(text);
      return expression === '' ? null : expression;
    },
    judge(answer: string | null, problem: EvalProblem): boolean {
      return answer !== null && valid(answer, problem);
    },
    // Canonical: every valid expression says "it makes the target"; wrong ones are the
    // same answer when they are the same expression up to spacing and parentheses.
    answerKey(answer: string, problem: EvalProblem): string {
      return valid(answer, problem) ? 'valid' : `expr:${tidyExpression(answer).replace(/\s+/g, '')}`;
    },
    searchProblem(problem: EvalProblem) {
      return arith(problem);
    },
    async method(spec: MethodSpec): Promise<EvalMethod> {
      if (!(ARITH_MODELS as readonly string[]).includes(spec.model)) return languageModelMethod(spec);
      const policy: Policy<ArithState> = spec.model === 'symbolic' ? symbolicPolicy({ rules: options.rules }) : randomRolloutPolicy({ rules: options.rules });
      return { policy: policy as Policy<unknown>, verifier: valueFunction(spec.verifier ?? 'sum-heuristic') as Verifier<unknown> };
    },
  };
}

/**
 * Reads an arithmetic input: `[4, 9, 10, 13]`, `"4 9 10 13"`, or `{numbers, target}`.
 * Throws an InputError saying which form was expected.
 */
export function numbersAndTarget(input: Json, defaultTarget: number | null): { numbers: number[]; target: number } {
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const { numbers, target } = input as { numbers?: Json; target?: Json };
    if (numbers === undefined) throw new InputError(`input object needs 'numbers' (and 'target'), got ${JSON.stringify(input).slice(0, 80)}`);
    const t = target ?? defaultTarget;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw new InputError(`input 'target' must be a non-negative integer, got ${JSON.stringify(target)}`);
    return { numbers: parseNumbers(numbers as string | number[], { name: 'input numbers' }), target: t };
  }
  if (typeof input === 'string' || (Array.isArray(input) && input.every((x) => typeof x === 'number' || typeof x === 'string'))) {
    if (defaultTarget === null) throw new InputError(`input must be {"numbers": [...], "target": N} for this task, got ${JSON.stringify(input).slice(0, 80)}`);
    return { numbers: parseNumbers(input as string | number[], { name: 'input numbers' }), target: defaultTarget };
  }
  throw new InputError(`input must be the numbers ("4 9 10 13" or [4, 9, 10, 13]) or {numbers, target}, got ${JSON.stringify(input).slice(0, 80)}`);
}
