import { parentPort, workerData } from 'node:worker_threads';
import { Backprop } from '../../model/backprop.js';
import { createDecoder } from '../../model/create-decoder.js';
import { Tokenizer } from '../../model/tokenizer.js';
import { paramViews, type TransformerConfig } from '../../model/transformer.js';
import type { GrpoOptions } from './grpo.js';
import { accumulatePolicyGradient } from './policy-gradient.js';
import type { RlProblem } from './rl-problem.js';
import { sampleRollouts, type Rollout, type SampleOptions } from './rollouts.js';

/**
 * An RL worker thread: it reads the current weights and the reference weights from
 * SharedArrayBuffers (the trainer updates the former between phases), samples searches
 * for the groups it is sent, and computes policy gradients into its own shared buffer.
 */
interface Init {
  config: TransformerConfig;
  vocab: string[];
  params: SharedArrayBuffer;
  ref: SharedArrayBuffer;
  grads: SharedArrayBuffer;
}

export type RlWorkerMessage =
  | { type: 'sample'; problems: RlProblem[]; options: SampleOptions; groupBase: number }
  | { type: 'grad'; rollouts: Rollout[]; advantages: Float64Array[]; temperature: number; grpo: GrpoOptions; scale: number };

const init = workerData as Init;
const paramArray = new Float32Array(init.params);
const params = paramViews(init.config, paramArray).view;
const ref = paramViews(init.config, new Float32Array(init.ref)).view;
const gradBuf = new Float32Array(init.grads);
const grads = paramViews(init.config, gradBuf).view;
const tokenizer = new Tokenizer(init.vocab);
const decoder = createDecoder(init.config, paramArray);
const backprop = new Backprop(init.config);

parentPort!.on('message', (msg: RlWorkerMessage) => {
  void (async () => {
    try {
      if (msg.type === 'sample') {
        // The trainer updated the shared weights since the last round.
        decoder.reload?.();
        parentPort!.postMessage({ rollouts: await sampleRollouts(decoder, tokenizer, msg.problems, msg.options, msg.groupBase) });
      } else {
        gradBuf.fill(0);
        parentPort!.postMessage({ stats: accumulatePolicyGradient(backprop, params, ref, grads, msg.rollouts, msg.advantages, msg.temperature, msg.grpo, msg.scale) });
      }
    } catch (error) {
      parentPort!.postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  })();
});
