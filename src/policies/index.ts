export * from './text-state.js';
export * from './answer-marker.js';
export * from './text-problem.js';
export * from './text-policy.js';
export * from './symbolic-policy.js';
export * from './tot-propose-policy.js';
