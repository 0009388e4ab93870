/**
 * metacot's root module: the search core with explicit names (ports, algorithms, tasks,
 * policies, verifiers, linearizers, model clients, solve). It loads no HTTP server, OpenAI
 * client or validation library; those parts are subpaths: metacot/search, metacot/grader,
 * metacot/embedded, metacot/eval, metacot/server, metacot/reward-server, metacot/models,
 * metacot/training-data, metacot/viewer, metacot/solve (package.json `exports`).
 */
export { STOP_REASONS, type Budget, type StopReason } from './core/budget.js';
export { createContext, type ContextOptions } from './core/context.js';
export { type DecodingTool } from './core/decoding-tool.js';
export { AbortError, InputError, isAbortError, MetacotError, throwIfAborted } from './core/errors.js';
export { ignoreEvents, type EventSink, type SearchEvent } from './core/events.js';
export { type Json } from './core/json.js';
export { createRandom, shuffled, type Random } from './core/random.js';
export { type Policy, type SearchContext, type SearchProblem, type Step, type Verifier } from './core/reasoning.js';
export { checkTreeInvariants, childrenIndex, pathTo, TREE_SCHEMA, TREE_SCHEMA_VERSION, type TraceTree, type TreeNode } from './core/tree-schema.js';
export { addUsage, emptyUsage, estimateTokens, sumUsage, type Usage } from './core/usage.js';
export { beam, type BeamOptions } from './search/beam.js';
export { bestFirst, type BestFirstOptions } from './search/best-first.js';
export { bestOfN, type BestOfNOptions } from './search/best-of-n.js';
export { describeSearches } from './search/describe-searches.js';
export { dfs, type DfsOptions } from './search/dfs.js';
export { greedy, type GreedyOptions } from './search/greedy.js';
export { majority, type MajorityOptions } from './search/majority.js';
export { mcts, type MctsOptions } from './search/mcts.js';
export { parseSearchSpec, type ParsedSearch } from './search/parse-search-spec.js';
export { getSearchAlgorithm, SEARCH_ALGORITHMS, searchNames } from './search/registry.js';
export { revision, type RevisionOptions } from './search/revision.js';
export { runSearch, type SearchResult } from './search/search-run.js';
export { type AnySearchAlgorithm, type SearchAlgorithm } from './search/types.js';
export { createArithProblem, type ArithProblem, type ArithProblemOptions } from './tasks/arith/arith-problem.js';
export { initialArithState, type ArithAction, type ArithMove, type ArithOp, type ArithRules, type ArithState } from './tasks/arith/arith-state.js';
export { legalMoves, legalSteps, moveStep } from './tasks/arith/arith-steps.js';
export { multHeuristicValue, oracleSolvableValue, sumHeuristicValue } from './tasks/arith/arith-values.js';
export { checkAnswer, type CheckAnswerOptions, type CheckAnswerResult } from './tasks/arith/check-answer.js';
export { evaluateExpression, ExpressionSyntaxError, formatExpression, parseExpression, type Expr } from './tasks/arith/expression.js';
export { parseNumbers, parseTarget } from './tasks/arith/parse-numbers.js';
export * as rationals from './tasks/arith/rational.js';
export type { Rational } from './tasks/arith/rational.js';
export { createSolvableMemo, findSolution, isSolvable } from './tasks/arith/solve-arith.js';
export { countdownFromNumbers, countdownProblem } from './tasks/countdown/countdown-problem.js';
export { generateCountdown, type CountdownOptions, type CountdownPuzzle, type CountdownSplit } from './tasks/countdown/generate-countdown.js';
export { game24FromNumbers, game24Problem } from './tasks/game24/game24-problem.js';
export { GAME24_TEST_RANKS, loadGame24, parseGame24Csv, type Game24Puzzle, type Game24Split } from './tasks/game24/load-game24.js';
export { extractAnswer, type ExtractedAnswer } from './tasks/math/extract-answer.js';
export { loadMathDataset } from './tasks/math/load-math-dataset.js';
export { BOXED_INSTRUCTION, goldAnswer, mathProblem } from './tasks/math/math-problem.js';
export { MATH_DATASETS, type MathDatasetName, type MathRecord } from './tasks/math/math-record.js';
export { selectMathRecords, type MathSelection } from './tasks/math/select-math-records.js';
export { type AnswerMarker } from './policies/answer-marker.js';
export { randomRolloutPolicy, symbolicPolicy } from './policies/symbolic-policy.js';
export { createTextPolicy, type TextPolicyOptions } from './policies/text-policy.js';
export { createTextProblem, type TextProblemOptions } from './policies/text-problem.js';
export { initialTextState, type TextState } from './policies/text-state.js';
export { totProposePolicy, type TotGame24Options } from './policies/tot-propose-policy.js';
export { aggregateStepScores, STEP_AGGREGATIONS, type StepAggregation } from './verifiers/llm/aggregate-steps.js';
export { createJudgeVerifier, type JudgeOptions } from './verifiers/llm/judge-verifier.js';
export { createModelSearchSetup, type ModelSearchSetup, type ModelSearchSetupOptions } from './verifiers/llm/model-search-setup.js';
export { createRewardModelVerifier, type RewardModelOptions, type RewardProtocol } from './verifiers/llm/reward-model-verifier.js';
export { createRolloutValue, type RolloutValueOptions } from './verifiers/llm/rollout-value.js';
export { createTextSearchSetup, TEXT_VERIFIERS, type TextSearchSetup, type TextSearchSetupOptions, type TextVerifierName } from './verifiers/llm/text-search-setup.js';
export { totValueVerifier } from './verifiers/tot-game24/tot-value-verifier.js';
export { formatsFor, linearize, parseLinearizeFormat, parseTrace, type LinearizeOptions } from './linearize/linearize.js';
export { DEFAULT_META_COT_PHRASES, type MetaCotPhrases } from './linearize/meta-cot.js';
export { arithContinuation, type ArithToolProblem, type ArithToolResult } from './linearize/text-continuation.js';
export { timeline } from './linearize/timeline.js';
export { createBoard, type Board } from './linearize/tool-trace/board.js';
export { ArithTool } from './linearize/tool-trace/tool-trace-decoder.js';
export { TOOL_TRACE_FORMATS, writeToolTrace, type ToolTrace, type ToolTraceFormat } from './linearize/tool-trace/tool-trace.js';
export { TRAINING_OBJECTIVES, trainingSpans, type TrainingObjective } from './linearize/training-spans.js';
export { LINEARIZE_FORMATS, type Linearized, type LinearizeFormat, type ParsedStep, type ParsedTrace, type Segment, type SegmentKind } from './linearize/types.js';
export { withCache } from './models/cached-model.js';
export { createLanguageModel, MODEL_SPEC_HELP, registerModelProvider, type ModelFactory, type ModelSpecOptions } from './models/create-language-model.js';
export { type ChatMessage, type FinishReason, type GenerateChoice, type GenerateRequest, type GenerateResult, type LanguageModel, type ModelUsage, type TokenLogprob } from './models/language-model.js';
export { createMockModel, type MockModel, type MockModelOptions } from './models/mock-model.js';
export { ModelRequestError } from './models/model-request-error.js';
export { createNodeHttpFetch } from './models/node-http-fetch.js';
export { openRequestCache, RequestCache } from './models/request-cache.js';
export { solve, type SolveOptions, type SolveResult, type SolveVerdict } from './solve/solve.js';
