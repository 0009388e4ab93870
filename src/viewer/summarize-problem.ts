import type { TraceTree } from '../core/tree-schema.js';
import type { ProblemSummary } from './viewer-data.js';

/** What a run's record adds to a tree: the graded outcome and the dataset's level. */
export interface RecordFacts {
  correct?: boolean | null;
  level?: string | number | null;
  tokensIn?: number;
  tokensOut?: number;
}

/**
 * One problem-list row. The run's grade wins over the tree's own `verified` (the grader
 * knows the gold answer; the tree knows only the exact checker), and a level falls back to
 * the problem input's `level` field when the run has none.
 */
export function summarizeProblem(index: number, tree: TraceTree, facts: RecordFacts = {}): ProblemSummary {
  const inputLevel = tree.problem.input && typeof tree.problem.input === 'object' && !Array.isArray(tree.problem.input)
    ? (tree.problem.input as Record<string, unknown>).level : undefined;
  const level = facts.level ?? (typeof inputLevel === 'string' || typeof inputLevel === 'number' ? inputLevel : null);
  const tokensIn = facts.tokensIn ?? tree.usage.tokensIn;
  const tokensOut = facts.tokensOut ?? tree.usage.tokensOut;
  return {
    index,
    id: tree.problem.id,
    task: tree.problem.task,
    search: tree.search.name,
    level: level === null ? null : String(level),
    correct: facts.correct !== undefined ? facts.correct : tree.verified,
    answer: tree.answer,
    tokensIn,
    tokensOut,
    tokens: tokensIn + tokensOut,
    nodes: tree.nodes.length,
  };
}
