/** Language-model training data (`metacot/training-data`): searches to traces, exports (SFT, DPO, PRM), the STaR loop. */
export * from './generate/index.js';
export * from './exports/index.js';
export * from './star-loop/index.js';
