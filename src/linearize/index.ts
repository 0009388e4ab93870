export * from './types.js';
export * from './linearize.js';
export * from './meta-cot.js';
export * from './sos.js';
export * from './optimal-path.js';
export * from './timeline.js';
export * from './training-spans.js';
export * from './arith-lines.js';
