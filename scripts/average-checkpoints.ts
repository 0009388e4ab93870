/**
 * Averages the weights of checkpoints of one architecture (the same configuration and
 * vocabulary), element by element: one policy that keeps what several runs or checkpoints
 * learned, when single checkpoints of a run differ more than their measurement can tell
 * apart. The output keeps the last input's `meta` (thresholds, commands, curves), records
 * the inputs in `meta.averagedFrom`, and drops Adam's moments.
 *
 *   npx tsx scripts/average-checkpoints.ts OUT.mct A.mct B.mct [C.mct ...]
 */
import { loadCheckpoint, saveCheckpoint } from '../src/embedded/model/checkpoint.js';

const [output, ...inputs] = process.argv.slice(2);
if (!output || inputs.length < 2) {
  console.error('usage: average-checkpoints OUT.mct A.mct B.mct [C.mct ...] (at least two inputs)');
  process.exit(2);
}
try {
  const checkpoints = inputs.map((path) => loadCheckpoint(path));
  const first = checkpoints[0]!;
  checkpoints.forEach((ckpt, i) => {
    if (JSON.stringify(ckpt.config) !== JSON.stringify(first.config) || ckpt.vocab.join('\n') !== first.vocab.join('\n')) {
      throw new Error(`${inputs[i]} has another architecture or vocabulary than ${inputs[0]}`);
    }
  });
  const params = new Float32Array(first.params.length);
  for (const ckpt of checkpoints) for (let i = 0; i < params.length; i++) params[i]! += ckpt.params[i]! / checkpoints.length;
  const last = checkpoints[checkpoints.length - 1]!;
  saveCheckpoint(output, { config: last.config, vocab: last.vocab, params, meta: { ...last.meta, averagedFrom: inputs } });
  console.log(`wrote ${output}: the mean of ${inputs.length} checkpoints, ${params.length} parameters`);
} catch (error) {
  console.error(`average-checkpoints: ${(error as Error).message}`);
  process.exit(2);
}
