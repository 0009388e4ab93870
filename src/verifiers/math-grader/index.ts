export { grade, compareAnswers, type GradeResult, type GradeReason, type GradeCallOptions } from './grade.js';
export { DEFAULT_GRADE_OPTIONS, type GradeOptions } from './grade-options.js';
export { GraderPool, type GraderPoolOptions } from './grader-pool.js';
export { normalizeAnswer } from './normalize-answer.js';
export { mathOutcomeVerifier } from './math-outcome-verifier.js';
export { readGradeRecords, type GradeRecord } from './read-grade-records.js';
