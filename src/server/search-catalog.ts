import { parseSearchSpec } from '../search/parse-search-spec.js';
import { getSearchAlgorithm, searchNames } from '../search/registry.js';
import type { SearchCatalog } from './strategy.js';

/** The short forms listed when a request names an unknown strategy. */
export const STRATEGY_FORMS = ['adaptive', 'greedy', 'bon-N', 'maj-N', 'beam-WxP', 'dfs', 'astar', 'best-first', 'mcts-N', 'uct-N', 'puct-N'];

/** The server's view of the search registry (`src/search/registry.ts`). */
export function registryCatalog(): SearchCatalog {
  const names = searchNames();
  return {
    parse: (spec) => parseSearchSpec(spec),
    byName: (name, options) => {
      const found = getSearchAlgorithm(name);
      return { algorithm: found.algorithm, options: found.algorithm.resolveOptions({ ...found.options, ...options }) };
    },
    forms: STRATEGY_FORMS,
    families: [...new Set(names.map((n) => n.split('-')[0]!))],
    multiWordFamilies: [...new Set(names.filter((n) => n.includes('-')).map((n) => n.split('-')[0]!))].filter((w) => !names.includes(w)),
  };
}
