/** Exact rational helpers (`rationals.add`, ...), namespaced: their short names would collide at the root. */
export * as rationals from './arith/rational.js';
export type { Rational } from './arith/rational.js';
export * from './arith/arith-state.js';
export * from './arith/expression.js';
export * from './arith/check-answer.js';
export * from './arith/parse-numbers.js';
export * from './arith/arith-problem.js';
export * from './arith/solve-arith.js';
export * from './arith/arith-steps.js';
export * from './arith/arith-values.js';
export * from './game24/load-game24.js';
export * from './game24/game24-problem.js';
export * from './countdown/generate-countdown.js';
export * from './countdown/countdown-problem.js';
