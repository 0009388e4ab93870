import { KvDecoder, type SequenceDecoder } from './decoder.js';
import { kernelBackend } from './kernels.js';
import type { TransformerConfig } from './transformer.js';
import { ResidentDecoder } from './wasm/resident-decoder.js';
import { instantiateKernels } from './wasm/wasm-kernels.js';

/**
 * The fastest decoder this thread can run: the wasm-resident one (weights and caches in
 * WebAssembly memory, attention in wasm) when the wasm kernels are active and the head
 * width allows it, else the plain KvDecoder (which follows the active kernels). Call
 * `reload()` on it after changing `params` in place.
 */
export function createDecoder(config: TransformerConfig, params: Float32Array): SequenceDecoder {
  if (kernelBackend() === 'wasm' && (config.dim / config.heads) % 4 === 0 && instantiateKernels()) return new ResidentDecoder(config, params);
  return new KvDecoder(config, params);
}
