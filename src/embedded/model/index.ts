import { registerModelProvider } from '../../models/create-language-model.js';
import { loadEmbeddedModel } from './embedded-model.js';

export { createEmbeddedModel, loadEmbeddedModel, shippedModelPath, type EmbeddedModel } from './embedded-model.js';
export { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';
export { fitTokenizer, Tokenizer } from './tokenizer.js';
export { initParams, parameterCount, type TransformerConfig } from './transformer.js';
export { trainLoop, learningRate, type CurvePoint, type TrainExample, type TrainLoopOptions } from './train-loop.js';
export { generateBatch, type BatchGenerateOptions, type DecodingTool, type GeneratedSample } from './generate-batch.js';
export { KvDecoder } from './decoder.js';

/** Serves `embedded:NAME` specs (a shipped model name or a .mct path) through createLanguageModel. */
export function registerEmbeddedProvider(): void {
  registerModelProvider('embedded', async (name) => loadEmbeddedModel(name));
}
