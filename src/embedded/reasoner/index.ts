export {
  DEFAULT_REASONER, loadEmbeddedReasoner, runEmbeddedAttempts, runEmbeddedBatch, solveWithEmbedded, storedThreshold, spellsNumbers, defaultMaxTokens, FOLDED_CONTEXTS, attemptTree,
  type EmbeddedAttempt, type EmbeddedProblem, type EmbeddedSolveResult, type SolveWithEmbeddedOptions,
} from './embedded-reasoner.js';
export { boardOfState, modelGuide, type ModelGuide, type ModelGuideOptions } from './guided-search.js';
export { scoreContinuations, type Continuation, type ContinuationScore, type ScoreOptions, type ScoreResult } from './continuation-scores.js';
export { fittingModel, misfit, modelFit, readCheckpointMeta, shippedModels, shippedReasoners, type ModelFit, type ShippedModel } from './model-fit.js';
