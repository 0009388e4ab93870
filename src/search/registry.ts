import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import { adaptive } from './adaptive.js';
import { beam } from './beam.js';
import { bestFirst } from './best-first.js';
import { bestOfN } from './best-of-n.js';
import { dfs } from './dfs.js';
import { greedy } from './greedy.js';
import { majority } from './majority.js';
import { mcts } from './mcts.js';
import { revision } from './revision.js';
import type { AnySearchAlgorithm } from './types.js';

/** Every search algorithm by its canonical name. */
export const SEARCH_ALGORITHMS: Readonly<Record<string, AnySearchAlgorithm>> = Object.freeze({
  greedy,
  'best-of-n': bestOfN,
  majority,
  beam,
  dfs,
  'best-first': bestFirst,
  mcts,
  revision,
  adaptive,
});

/** Other names users know these searches by, with the options each implies. */
export const SEARCH_ALIASES: Readonly<Record<string, { name: string; options?: Record<string, Json> }>> = Object.freeze({
  astar: { name: 'best-first' },
  'a*': { name: 'best-first' },
  bon: { name: 'best-of-n' },
  parallel: { name: 'best-of-n' },
  maj: { name: 'majority' },
  'self-consistency': { name: 'majority' },
  sc: { name: 'majority' },
  tot: { name: 'beam' },
  uct: { name: 'mcts', options: { variant: 'uct' } },
  puct: { name: 'mcts', options: { variant: 'puct' } },
});

/** Canonical names and aliases, for help text and error messages. */
export function searchNames(): string[] {
  return [...Object.keys(SEARCH_ALGORITHMS), ...Object.keys(SEARCH_ALIASES)];
}

/** The algorithm a name or alias stands for, with the options the alias implies. */
export function getSearchAlgorithm(name: string): { algorithm: AnySearchAlgorithm; options: Record<string, Json> } {
  const key = name.trim().toLowerCase();
  const direct = Object.hasOwn(SEARCH_ALGORITHMS, key) ? SEARCH_ALGORITHMS[key] : undefined;
  if (direct) return { algorithm: direct, options: {} };
  const alias = Object.hasOwn(SEARCH_ALIASES, key) ? SEARCH_ALIASES[key] : undefined;
  if (alias) return { algorithm: SEARCH_ALGORITHMS[alias.name]!, options: { ...alias.options } };
  throw new InputError(
    `unknown search '${name}'; valid: ${Object.keys(SEARCH_ALGORITHMS).join(', ')} (aliases: ${Object.keys(SEARCH_ALIASES).join(', ')})`,
  );
}
