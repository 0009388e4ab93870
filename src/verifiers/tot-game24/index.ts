export * from './tot-prompts.js';
export * from './tot-game24.js';
