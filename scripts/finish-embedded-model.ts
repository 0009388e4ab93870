/**
 * Turns a resumable training checkpoint into shipped weights: drops Adam's moments, records
 * the steps actually run (a run stopped before the end of its cosine schedule says so), and
 * calibrates the value threshold on training puzzles (batched greedy searches), as
 * `metacot train --calibrate` does at the end of a run.
 *
 *   npx tsx scripts/finish-embedded-model.ts IN.mct OUT.mct [--calibrate 100] [--candidates 0.5,0.4,0.3,0.2,0.1,0.05] [--curve OUT.curve.json] [--folded]
 *
 * --folded: calibrate the threshold of folded searches instead (`meta.foldedValueThreshold`,
 * searches that fold their context and go on, up to FOLDED_CONTEXTS contexts of tokens);
 * the plain threshold is kept.
 * --calibrate: 0–1000 training puzzles (0: keep the stored threshold, if any). Countdown
 * models calibrate on the train split (the val and val-target problems are excluded);
 * Game of 24 models on 24.csv outside the test ranks.
 */
import { writeFileSync } from 'node:fs';
import type { Json } from '../src/core/json.js';
import { loadCheckpoint, saveCheckpoint } from '../src/embedded/model/checkpoint.js';
import { createEmbeddedModel } from '../src/embedded/model/embedded-model.js';
import { modelFit } from '../src/embedded/reasoner/model-fit.js';
import { calibrateValueThreshold } from '../src/embedded/training/calibrate-threshold.js';
import { countdownTrainProblems } from '../src/embedded/training/countdown-split.js';
import { game24TrainProblems } from '../src/embedded/training/train-reasoner.js';

const [input, output, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
if (!input || !output) {
  console.error('usage: finish-embedded-model IN.mct OUT.mct [--calibrate N] [--curve FILE]');
  process.exit(2);
}
const puzzles = Number(flag('--calibrate') ?? 100);
if (!Number.isInteger(puzzles) || puzzles < 0 || puzzles > 1000) {
  console.error('--calibrate must be an integer from 0 to 1000');
  process.exit(2);
}
const candidates = (flag('--candidates') ?? '0.5,0.4,0.3,0.2,0.1,0.05').split(',').map(Number);
if (candidates.some((c) => !(c > 0 && c < 1))) {
  console.error('--candidates must be thresholds strictly between 0 and 1, comma-separated');
  process.exit(2);
}
const ckpt = loadCheckpoint(input);
// An RL checkpoint's Adam steps are policy-gradient steps, not the supervised schedule's.
const stepsRun = ckpt.meta.rl === undefined ? ckpt.adam?.step ?? null : null;
delete ckpt.adam;
if (stepsRun !== null) ckpt.meta.stepsRun = stepsRun;
const fit = modelFit(ckpt.meta);
if (puzzles > 0 && ckpt.meta.format === 'metacot') {
  const problems = fit?.task === 'countdown' ? countdownTrainProblems(2000) : game24TrainProblems();
  const started = performance.now();
  const fold = rest.includes('--folded');
  const { threshold, scores } = await calibrateValueThreshold(createEmbeddedModel(ckpt, 'calibrating'), problems, { puzzles, candidates, seed: String(ckpt.meta.seed ?? 1), fold });
  ckpt.meta[fold ? 'foldedValueThreshold' : 'valueThreshold'] = threshold;
  ckpt.meta[fold ? 'foldedCalibration' : 'calibration'] = scores as unknown as Json;
  console.log(`${fold ? 'folded ' : ''}value threshold ${threshold} (${scores.map((s) => `${s.threshold}→${s.solved}/${s.puzzles}`).join(', ')}), ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
saveCheckpoint(output, ckpt);
const curveOut = flag('--curve');
if (curveOut) writeFileSync(curveOut, `${JSON.stringify(ckpt.meta.curve, null, 1)}\n`);
const rlIterations = (ckpt.meta.rl as { iteration?: number } | undefined)?.iteration;
console.log(`wrote ${output}: ${ckpt.meta.parameters} parameters, ${rlIterations !== undefined ? `${rlIterations} RL iterations` : `${stepsRun ?? '?'} steps run of ${ckpt.meta.steps}`}`);
