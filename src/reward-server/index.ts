export * from './completion-scorer.js';
export * from './reward-app.js';
export * from './prm-scorer.js';
