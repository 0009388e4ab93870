export * from './core/index.js';
export * from './search/index.js';
export * from './tasks/index.js';
export * from './linearize/index.js';
export * from './tasks/math/index.js';
export * from './verifiers/math-grader/index.js';
export * from './viewer/index.js';
