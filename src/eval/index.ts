/**
 * The evaluation harness: run a method over a dataset into a run folder, score it,
 * merge shards, report. `readRun` / `readRunTree` are the reader API for run folders.
 */
export * from './bootstrap-ci.js';
export * from './build-run-config.js';
export * from './build-solver.js';
export * from './cluster-answers.js';
export * from './eval-task.js';
export * from './items-from-records.js';
export * from './jsonl-lines.js';
export * from './merge-runs.js';
export * from './pass-at-k.js';
export * from './progress-stats.js';
export * from './read-run.js';
export * from './run-index.js';
export * from './jsonl-rows.js';
export * from './record-from-tree.js';
export * from './record-log.js';
export * from './run-eval.js';
export * from './run-layout.js';
export * from './run-schema.js';
export * from './sample-metrics.js';
export * from './samples-file.js';
export * from './score-items.js';
export * from './select-problems.js';
export * from './task-adapters/eval-tasks.js';
export * from './format-score.js';
export * from './score-run.js';
export * from './report/write-report.js';
export { parseTree } from '../core/parse-tree.js';
