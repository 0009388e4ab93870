export * from './schemas.js';
export * from './sft.js';
export * from './preference.js';
export * from './step-labels.js';
export * from './tree-outcomes.js';
export * from './filters.js';
export * from './decontaminate.js';
export * from './export-dataset.js';
