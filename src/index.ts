export * from './core/index.js';
export * from './search/search-run.js';
export type * from './search/types.js';
export * from './tasks/index.js';
