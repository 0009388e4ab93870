import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import type { SearchResult } from './search-run.js';

/**
 * A search algorithm: generic over the state type, knowing only Policy and Verifier.
 * Algorithms keep no state between runs; options are plain JSON (recorded in the tree).
 */
export interface SearchAlgorithm<O extends Record<string, Json>> {
  readonly name: string;
  readonly description: string;
  readonly defaults: O;
  run<S>(
    problem: SearchProblem<S>,
    policy: Policy<S>,
    verifier: Verifier<S>,
    options: Partial<O>,
    ctx: SearchContext,
  ): Promise<SearchResult<S>>;
}
