export * from './problem-rows.js';
export * from './search-record.js';
export * from './annotate-tree.js';
export * from './trace-example.js';
export * from './parse-phrases.js';
export * from './write-traces.js';
export * from './attempts-by-level.js';
