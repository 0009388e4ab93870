export * from './text-state.js';
export * from './answer-marker.js';
export * from './text-problem.js';
export * from './text-policy.js';
