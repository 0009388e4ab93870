export * from './board.js';
export * from './tool-trace.js';
export * from './tool-trace-decoder.js';
