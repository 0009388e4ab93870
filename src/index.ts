export * from './core/index.js';
export * from './search/index.js';
export * from './tasks/index.js';
export * from './linearize/index.js';
export * from './tasks/math/index.js';
export * from './verifiers/math-grader/index.js';
export * from './viewer/index.js';
export * from './models/index.js';
export * from './policies/index.js';
export * from './verifiers/llm/index.js';
export * from './verifiers/tot-game24/index.js';
export {
  readRun, readRunTree, readRunConfig, indexRun, indexedRecords, indexedSearches, runEval, mergeRuns, scoreRun, scoreItems, itemsFromRecords, readSamplesFile,
  passAtK, kValues, clusterAnswers, problemSampleMetrics, bootstrapMeans, buildRunConfig, buildSolver, resolveEvalTask,
  evalTaskNames, selectProblems, shardProblems, parseShard, writeReport, RUN_SCHEMA, RUN_SCHEMA_VERSION,
} from './eval/index.js';
export type {
  RunFolder, RunConfig, RunRecord, Candidate, EvalTask, EvalProblem, Solver, ScoreReport, ScoreOptions, ScoringItem,
  RunEvalOptions, RunEvalResult, EvalProgress,
} from './eval/index.js';
export * from './server/index.js';
export * from './training-data/generate/index.js';
export * from './training-data/exports/index.js';
export * from './training-data/star-loop/index.js';
export * from './reward-server/index.js';
export * from './embedded/model/index.js';
export { DEFAULT_REASONER, loadEmbeddedReasoner, solveWithEmbedded, runEmbeddedAttempts, type EmbeddedSolveResult, type SolveWithEmbeddedOptions } from './embedded/reasoner/embedded-reasoner.js';
export { modelGuide, legalSteps, type ModelGuide, type ModelGuideOptions } from './embedded/reasoner/guided-search.js';
export { modelFit, shippedModels, type ModelFit, type ShippedModel } from './embedded/reasoner/model-fit.js';
export { solve, type SolveOptions, type SolveResult, type SolveVerdict } from './solve/solve.js';
export { solveAdaptive, type SolveAttempt, type AdaptiveOutcome } from './solve/adaptive.js';
export { trainReasoner, type TrainReasonerOptions } from './embedded/training/train-reasoner.js';
export { runStar, type StarIteration, type StarOptions } from './embedded/training/star.js';
export { evaluateReasoner, type ReasonerEval } from './embedded/training/evaluate-reasoner.js';
