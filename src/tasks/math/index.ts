export * from './math-record.js';
export * from './load-math-dataset.js';
export * from './select-math-records.js';
export * from './math-problem.js';
export * from './extract-answer.js';
