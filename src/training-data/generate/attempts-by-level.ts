import type { TraceTree } from '../../core/tree-schema.js';
import type { SearchRecord } from './search-record.js';

export interface AttemptsRow {
  level: string;
  problems: number;
  solved: number;
  meanAttempts: number;
}

/** Attempts a sequential-revision tree made: every attempt starts as a child of the root. */
export function revisionAttempts(tree: TraceTree): number {
  return tree.nodes.filter((n) => n.parentId === 0).length;
}

/**
 * Mean attempts per difficulty level for sequential-revision runs (the paper: 2.45 on
 * MATH level 1, 5.84 on level 5). Problems without a level count under `all`; levels
 * are ordered by their number where they have one.
 */
export function attemptsByLevel(records: readonly SearchRecord[], trees: ReadonlyMap<string, TraceTree>): AttemptsRow[] {
  const rows = new Map<string, { problems: number; solved: number; attempts: number }>();
  for (const record of records) {
    const tree = trees.get(record.id);
    if (!tree) continue;
    const level = record.level === null ? 'all' : String(record.level);
    const row = rows.get(level) ?? { problems: 0, solved: 0, attempts: 0 };
    row.problems++;
    if (record.correct) row.solved++;
    row.attempts += revisionAttempts(tree);
    rows.set(level, row);
  }
  const num = (s: string) => Number(/(\d+)\s*$/.exec(s)?.[1] ?? Infinity);
  return [...rows.entries()]
    .sort(([a], [b]) => num(a) - num(b) || (a < b ? -1 : 1))
    .map(([level, r]) => ({ level, problems: r.problems, solved: r.solved, meanAttempts: r.attempts / r.problems }));
}
