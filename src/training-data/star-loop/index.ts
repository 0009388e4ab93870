export * from './loop-state.js';
export * from './run-star-loop.js';
export * from './run-command.js';
