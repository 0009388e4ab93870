import type { Json } from '../core/json.js';

/** A search that, run to its end over every legal step, has seen the whole puzzle: ending `exhausted` proves there is no solution. */
export function isCompleteSearch(name: string, options: Record<string, Json>, numbers: number): boolean {
  if (options.proposals !== 0) return false;
  if (typeof options.maxDepth === 'number' && options.maxDepth < numbers - 1) return false;
  if (name === 'best-first') return true;
  return name === 'dfs' && options.threshold === 0 && options.maxChildren === 0;
}
