import { itemFromRecord } from './items-from-records.js';
import { indexRun } from './run-index.js';
import { scoreProblem, summarizeScores, type ScoreOptions, type ScoreReport } from './score-items.js';

/**
 * Scores a run folder (a separate pass over its saved records; no model or grader needed).
 * Records are read one at a time and each is reduced to its per-problem metrics at once,
 * so memory does not grow with the size of the records or trees.
 */
export async function scoreRun(dir: string, options: ScoreOptions = {}): Promise<ScoreReport & { task: string; model: string; search: string }> {
  let resolved: ScoreOptions | null = null;
  const run = await indexRun(dir, (record, config) => scoreProblem(itemFromRecord(record), (resolved ??= { seed: config.seed, ...options })));
  const report = summarizeScores(run.entries.map((e) => e.kept), { seed: run.config.seed, ...options });
  return { task: run.config.task.name, model: run.config.method.model, search: run.config.method.search, ...report };
}
