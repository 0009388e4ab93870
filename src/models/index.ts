export * from './language-model.js';
export * from './validate-request.js';
export * from './mock-model.js';
