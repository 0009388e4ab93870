import type { ProblemSummary } from '../viewer-data.js';

export type OutcomeFilter = 'all' | 'correct' | 'wrong' | 'ungraded';
export type ProblemSort = 'index' | 'tokens-desc' | 'tokens-asc';

export interface ProblemQuery {
  outcome: OutcomeFilter;
  /** A level to keep, or 'all'. */
  level: string;
  sort: ProblemSort;
  /** Case-insensitive substring of the problem id. */
  text: string;
}

export const DEFAULT_QUERY: ProblemQuery = { outcome: 'all', level: 'all', sort: 'index', text: '' };

/** The problem list as the sidebar shows it: filtered, then sorted (ties keep run order). */
export function filterProblems(problems: readonly ProblemSummary[], query: ProblemQuery): ProblemSummary[] {
  const text = query.text.trim().toLowerCase();
  const kept = problems.filter((p) => {
    if (query.outcome === 'correct' && p.correct !== true) return false;
    if (query.outcome === 'wrong' && p.correct !== false) return false;
    if (query.outcome === 'ungraded' && p.correct !== null) return false;
    if (query.level !== 'all' && p.level !== query.level) return false;
    if (text && !p.id.toLowerCase().includes(text)) return false;
    return true;
  });
  if (query.sort === 'tokens-desc') kept.sort((a, b) => b.tokens - a.tokens || a.index - b.index);
  else if (query.sort === 'tokens-asc') kept.sort((a, b) => a.tokens - b.tokens || a.index - b.index);
  else kept.sort((a, b) => a.index - b.index);
  return kept;
}

/** The distinct levels, in natural order (numbers as numbers), for the level filter. */
export function levelsOf(problems: readonly ProblemSummary[]): string[] {
  const levels = new Set<string>();
  for (const p of problems) if (p.level !== null) levels.add(p.level);
  return [...levels].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}
