/**
 * The embedded reasoner's public module (`metacot/embedded`): the transformer and its
 * checkpoints (model/), the in-context search it runs with the tool-trace decoding tool
 * (reasoner/), and its training (training/). Code outside src/embedded/ imports it from here.
 */
export * from './model/index.js';
export * from './reasoner/index.js';
export * from './training/index.js';
