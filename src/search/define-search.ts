import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import { resolveOptions, type OptionRules } from './option-rules.js';
import { runSearch, type SearchResult, type SearchRun } from './search-run.js';
import type { SearchAlgorithm } from './types.js';

/** What an algorithm's loop returns to `runSearch`. */
export type SearchBodyResult = Awaited<ReturnType<Parameters<typeof runSearch>[6]>>;

/** Everything that makes one search algorithm; `defineSearch` supplies the rest. */
export interface SearchDefinition<O extends Record<string, Json>> {
  name: string;
  description: string;
  defaults: O;
  /** Type, range and meaning of every option. */
  rules: OptionRules<O>;
  /** Checks across options, after each passed its own rule (throw an InputError naming them). */
  check?: (options: O) => void;
  /** The algorithm's loop over a run, with checked options. */
  body?: <S>(run: SearchRun<S>, options: O) => Promise<SearchBodyResult>;
  /**
   * Instead of `body`, for an algorithm that must wrap the policy or see the run before its
   * loop: the whole run, with checked options (it calls `runSearch` itself).
   */
  run?: <S>(problem: SearchProblem<S>, policy: Policy<S>, verifier: Verifier<S>, options: O, ctx: SearchContext) => Promise<SearchResult<S>>;
}

/**
 * A search algorithm from its name, options (defaults and rules) and loop: options are
 * merged over the defaults and checked before any compute is spent (errors name the
 * algorithm and the option), then the loop runs inside `runSearch` under the algorithm's name.
 */
export function defineSearch<O extends Record<string, Json>>(definition: SearchDefinition<O>): SearchAlgorithm<O> {
  const { name, defaults, rules, check, body } = definition;
  if (!body === !definition.run) throw new Error(`defineSearch('${name}'): give exactly one of body and run`);
  const resolve = (given: Readonly<Record<string, Json | undefined>>): O => {
    const options = resolveOptions(name, defaults, rules, given);
    check?.(options);
    return options;
  };
  return {
    name,
    description: definition.description,
    defaults,
    rules,
    resolveOptions: resolve,
    async run<S>(problem: SearchProblem<S>, policy: Policy<S>, verifier: Verifier<S>, options: Partial<O>, ctx: SearchContext): Promise<SearchResult<S>> {
      const o = resolve(options as Readonly<Record<string, Json | undefined>>);
      if (definition.run) return definition.run(problem, policy, verifier, o, ctx);
      return runSearch(name, o, problem, policy, verifier, ctx, (run) => body!(run, o));
    },
  };
}
