import { itemsFromRecords } from './items-from-records.js';
import { readRun } from './read-run.js';
import { scoreItems, type ScoreOptions, type ScoreReport } from './score-items.js';

/** Scores a run folder (a separate pass over its saved records; no model or grader needed). */
export async function scoreRun(dir: string, options: ScoreOptions = {}): Promise<ScoreReport & { task: string; model: string; search: string }> {
  const run = await readRun(dir);
  const report = scoreItems(itemsFromRecords(run.records), { seed: run.config.seed, ...options });
  return { task: run.config.task.name, model: run.config.method.model, search: run.config.method.search, ...report };
}
