export { trainReasoner, DEFAULT_TRAIN, game24TrainProblems, TRAIN_TASKS, type TrainReasonerOptions, type TrainTask } from './train-reasoner.js';
export { assertNoEvalProblems, COUNTDOWN_EVAL_SIZE, COUNTDOWN_SEED, countdownEvalKeys, countdownEvalSet, countdownTrainProblems, type CountdownEvalSplit } from './countdown-split.js';
export { runStar, attemptSegments, type StarIteration, type StarOptions } from './star.js';
export { evaluateReasoner, type ReasonerEval } from './evaluate-reasoner.js';
export { calibrateValueThreshold, THRESHOLD_CANDIDATES, type ThresholdScore } from './calibrate-threshold.js';
export { buildToolTraces, encodeTrace, hashTraces, type BuildTracesOptions, type TraceProblem } from './reasoner-dataset.js';
export { subPuzzles } from './sub-puzzles.js';
