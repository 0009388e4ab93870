import { parentPort, workerData } from 'node:worker_threads';
import { Backprop } from './backprop.js';
import type { TrainExample } from './train-loop.js';
import { paramViews, type TransformerConfig } from './transformer.js';

/**
 * A data-parallel gradient worker: it shares the parameters (read) and owns one gradient
 * buffer (written) with the trainer through SharedArrayBuffers; per step it runs the
 * forward and backward passes of the examples it is sent and reports their loss.
 */
interface Init {
  config: TransformerConfig;
  params: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  examples: TrainExample[];
}

const init = workerData as Init;
const params = paramViews(init.config, new Float32Array(init.params)).view;
const gradBuf = new Float32Array(init.grads);
const grads = paramViews(init.config, gradBuf).view;
const backprop = new Backprop(init.config);

parentPort!.on('message', (msg: { indices: number[]; scale: number }) => {
  gradBuf.fill(0);
  let loss = 0;
  let weight = 0;
  let tokens = 0;
  for (const i of msg.indices) {
    const ex = init.examples[i]!;
    const r = backprop.run(params, grads, ex.tokens, ex.weights, msg.scale);
    loss += r.loss;
    weight += r.weight;
    tokens += ex.tokens.length - 1;
  }
  parentPort!.postMessage({ loss, weight, tokens });
});
