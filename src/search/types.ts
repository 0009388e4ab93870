import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import type { OptionRules } from './option-rules.js';
import type { SearchResult } from './search-run.js';

/**
 * A search algorithm: generic over the state type, knowing only Policy and Verifier.
 * Algorithms keep no state between runs; options are plain JSON (recorded in the tree).
 */
export interface SearchAlgorithm<O extends Record<string, Json>> {
  readonly name: string;
  readonly description: string;
  readonly defaults: O;
  /** Type, range and meaning of every option (for validation and help text). */
  readonly rules: OptionRules<O>;
  /** Defaults merged with `given`, checked; throws an InputError naming a bad option. */
  resolveOptions(given: Readonly<Record<string, Json | undefined>>): O;
  run<S>(
    problem: SearchProblem<S>,
    policy: Policy<S>,
    verifier: Verifier<S>,
    options: Partial<O>,
    ctx: SearchContext,
  ): Promise<SearchResult<S>>;
}

/** Any algorithm, whatever its options (what the registry holds). */
export type AnySearchAlgorithm = SearchAlgorithm<any>;
