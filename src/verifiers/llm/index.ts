export * from './aggregate-steps.js';
export * from './judge-prompts.js';
export * from './yes-no-probability.js';
export * from './judge-verifier.js';
export * from './reward-model-verifier.js';
export * from './rollout-value.js';
export * from './text-search-setup.js';
export * from './model-search-setup.js';
