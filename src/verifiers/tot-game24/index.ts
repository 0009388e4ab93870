export * from './tot-prompts.js';
export * from './tot-value-verifier.js';
