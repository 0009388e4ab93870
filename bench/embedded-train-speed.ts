/**
 * Training speed of the embedded transformer: tokens/s of Backprop.run (forward and
 * backward of one sequence) on real Game of 24 meta-cot traces, with the JS dense kernels
 * and with the WebAssembly SIMD ones, side by side in one run; the attention kernels on
 * the same sequences; the KV decoder's steps (sampling) at batch 1 and 64; then the speed
 * of each dense kernel alone on the trainer's shapes.
 *
 *   npx tsx bench/embedded-train-speed.ts [--seconds 4] [--examples 48]
 *
 * Rounds alternate between the backends so that load from other processes falls on both
 * alike; the figures are the totals over all rounds.
 */
import { createRandom } from '../src/core/random.js';
import { buildToolTraces, encodeTrace } from '../src/embedded/training/reasoner-dataset.js';
import { game24TrainProblems } from '../src/embedded/training/train-reasoner.js';
import { Backprop } from '../src/embedded/model/backprop.js';
import { KvDecoder } from '../src/embedded/model/decoder.js';
import { jsKernels, useKernels, availableWasmKernels, type Kernels, type KernelBackend } from '../src/embedded/model/kernels.js';
import { fitTokenizer } from '../src/embedded/model/tokenizer.js';
import type { TrainExample } from '../src/embedded/model/train-loop.js';
import { initParams, paramViews, type TransformerConfig } from '../src/embedded/model/transformer.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag('--seconds', 4);
const exampleCount = flag('--examples', 48);

const wasm = availableWasmKernels();
if (!wasm) throw new Error('this runtime does not validate WebAssembly SIMD; nothing to compare');

// Data and model as the trainer builds them.
const { traces } = buildToolTraces(game24TrainProblems().slice(0, 200), { format: 'metacot', perProblem: 2, seed: 1 });
const tokenizer = fitTokenizer(traces.map((t) => t.text));
const config: TransformerConfig = { vocabSize: tokenizer.size, dim: 64, layers: 3, heads: 4, context: 640, ffMult: 4 };
const all = traces.map((t) => encodeTrace(tokenizer, t, 'trace')).filter((e) => e.tokens.length - 1 <= config.context);
const examples: TrainExample[] = all.slice(0, exampleCount);
const lengths = examples.map((e) => e.tokens.length - 1);
const totalTokens = lengths.reduce((s, n) => s + n, 0);
const params = paramViews(config, initParams(config, createRandom(1), tokenizer.vocab)).view;
const gradBuf = paramViews(config).buffer;
const grads = paramViews(config, gradBuf).view;
const backprop = new Backprop(config);

console.log(`traces: ${traces.length} verified (${all.length} fit context ${config.context}); timing ${examples.length} of them, ` +
  `${totalTokens} tokens, length ${Math.min(...lengths)}–${Math.max(...lengths)} (mean ${(totalTokens / examples.length).toFixed(0)})`);
console.log(`model: d=${config.dim}, ${config.layers} layers, ${config.heads} heads, context ${config.context}, vocabulary ${config.vocabSize}`);

function pass(): void {
  gradBuf.fill(0);
  for (const ex of examples) backprop.run(params, grads, ex.tokens, ex.weights, 1);
}

// Same example, both backends: the gradients must agree to float rounding.
function gradientsOf(backend: KernelBackend): Float32Array {
  useKernels(backend);
  gradBuf.fill(0);
  backprop.run(params, grads, examples[0]!.tokens, examples[0]!.weights, 1);
  return gradBuf.slice();
}
const gJs = gradientsOf('js');
const gWasm = gradientsOf('wasm');
let scale = 0;
let worst = 0;
for (let i = 0; i < gJs.length; i++) scale = Math.max(scale, Math.abs(gJs[i]!));
for (let i = 0; i < gJs.length; i++) worst = Math.max(worst, Math.abs(gJs[i]! - gWasm[i]!));
console.log(`gradient agreement on one trace: max |wasm − js| = ${worst.toExponential(2)} (largest |gradient| ${scale.toExponential(2)})`);

// Warm up both (wasm tiers up to optimized code after its first calls).
for (const b of ['js', 'wasm'] as const) {
  useKernels(b);
  pass();
}
const time: Record<KernelBackend, number> = { js: 0, wasm: 0 };
const tokens: Record<KernelBackend, number> = { js: 0, wasm: 0 };
const deadline = performance.now() + seconds * 1000 * 2;
do {
  for (const b of ['js', 'wasm'] as const) {
    useKernels(b);
    const t0 = performance.now();
    pass();
    time[b] += performance.now() - t0;
    tokens[b] += totalTokens;
  }
} while (performance.now() < deadline);
useKernels('wasm');
const rate = (b: KernelBackend): number => tokens[b] / (time[b] / 1000);
console.log('\nBackprop.run (forward + backward), tokens/s:');
console.log(`  js kernels    ${rate('js').toFixed(0).padStart(7)}`);
console.log(`  wasm kernels  ${rate('wasm').toFixed(0).padStart(7)}`);
console.log(`  ratio         ${(rate('wasm') / rate('js')).toFixed(2)}x`);

// Causal attention (forward + backward, every layer) on the same sequences, and whether
// Backprop.run calls these kernels (or still runs attention loops of its own).
let attentionCalls = 0;
useKernels({ ...wasm, attentionForward: (...a) => { attentionCalls++; wasm.attentionForward(...a); } });
backprop.run(params, grads, examples[0]!.tokens, examples[0]!.weights, 1);
useKernels('wasm');
const backpropUsesAttentionKernels = attentionCalls > 0;
const { dim: d, heads: H, layers: L } = config;
const att = new Float32Array(config.context * d), datt = new Float32Array(config.context * d).fill(0.01);
const probs = new Float32Array(H * config.context * config.context), dqkv = new Float32Array(config.context * 3 * d);
const qkvs = lengths.map((n, i) => {
  const rng = createRandom(`qkv:${i}`);
  return Float32Array.from({ length: n * 3 * d }, () => rng.next() * 2 - 1);
});
function attentionPass(k: Kernels): void {
  for (let i = 0; i < lengths.length; i++) {
    for (let l = 0; l < L; l++) {
      k.attentionForward(att, probs, qkvs[i]!, lengths[i]!, d, H);
      k.attentionBackward(dqkv, datt, qkvs[i]!, probs, lengths[i]!, d, H);
    }
  }
}
const attTime = { js: 0, wasm: 0 };
attentionPass(jsKernels);
attentionPass(wasm);
const attDeadline = performance.now() + seconds * 1000;
let attRounds = 0;
do {
  let t0 = performance.now();
  attentionPass(jsKernels);
  attTime.js += performance.now() - t0;
  t0 = performance.now();
  attentionPass(wasm);
  attTime.wasm += performance.now() - t0;
  attRounds++;
} while (performance.now() < attDeadline);
const attJs = attTime.js / attRounds, attWasm = attTime.wasm / attRounds;
console.log(`\nattention kernels (forward + backward, ${L} layers), ms per pass over the ${examples.length} traces:`);
console.log(`  js ${attJs.toFixed(1)}, wasm ${attWasm.toFixed(1)}, ratio ${(attJs / attWasm).toFixed(2)}x`);
if (backpropUsesAttentionKernels) {
  console.log('  (Backprop.run calls these kernels: the tokens/s above include them)');
} else {
  console.log('  (Backprop.run runs attention loops of its own: the tokens/s above do not include these kernels)');
}

// The KV decoder (sampling): tokens/s of step() at batch 1 and 64, 128 positions each.
const decoder = new KvDecoder(config, paramViews(config, initParams(config, createRandom(1), tokenizer.vocab)).buffer);
function decode(batch: number): number {
  const seqs = Array.from({ length: batch }, () => decoder.newSequence());
  const t0 = performance.now();
  for (let pos = 0; pos < 128; pos++) decoder.step(seqs, seqs.map((_, b) => (pos * 7 + b) % config.vocabSize));
  return (128 * batch) / ((performance.now() - t0) / 1000);
}
console.log('\nKV decoder step, tokens/s (128 positions):');
for (const batch of [1, 64]) {
  const r: Record<KernelBackend, number> = { js: 0, wasm: 0 };
  for (const b of ['js', 'wasm', 'js', 'wasm'] as const) {
    useKernels(b);
    r[b] = Math.max(r[b], decode(batch)); // best of two: the first pays for compilation
  }
  console.log(`  batch ${String(batch).padEnd(3)} js ${r.js.toFixed(0).padStart(7)}   wasm ${r.wasm.toFixed(0).padStart(7)}   ratio ${(r.wasm / r.js).toFixed(2)}x`);
}
useKernels('wasm');

// Each dense kernel alone, on the shapes a training step runs.
function random(n: number, seed: number): Float32Array {
  const rng = createRandom(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}
function msPerCall(f: () => void, budgetMs: number): number {
  f();
  let reps = 0;
  const t0 = performance.now();
  do {
    f();
    reps++;
  } while (performance.now() - t0 < budgetMs);
  return (performance.now() - t0) / reps;
}
const V = config.vocabSize;
const shapes: [number, number, number, string][] = [
  [50, 64, 192, 'qkv'], [320, 64, 192, 'qkv'], [640, 64, 192, 'qkv'],
  [320, 64, 64, 'wo'], [320, 64, 256, 'w1'], [320, 256, 64, 'w2'],
  [150, 64, V, 'wout'], [640, 64, V, 'wout'], [1, 64, 192, 'decode b=1'], [64, 64, V, 'decode b=64'],
];
const kernelNames = ['matmul', 'matmulBackInput', 'matmulBackWeight'] as const;
console.log('\ndense kernels, GFLOP/s js → wasm (ratio):');
console.log(`  ${'n×k×m'.padEnd(24)}${kernelNames.map((k) => k.padEnd(28)).join('')}`);
for (const [n, k, m, what] of shapes) {
  const a = random(n * k, 1), w = random(k * m, 2), dout = random(n * m, 3);
  const out = new Float32Array(n * m), da = new Float32Array(n * k), dw = new Float32Array(k * m);
  const calls: ((K: Kernels) => void)[] = [
    (K) => K.matmul(out, a, w, n, k, m),
    (K) => K.matmulBackInput(da, dout, w, n, k, m),
    (K) => K.matmulBackWeight(dw, a, dout, n, k, m),
  ];
  const cells = calls.map((call) => {
    const flops = 2 * n * k * m;
    const js = flops / msPerCall(() => call(jsKernels), 60) / 1e6;
    const ws = flops / msPerCall(() => call(wasm), 60) / 1e6;
    return `${js.toFixed(2)} → ${ws.toFixed(2)} (${(ws / js).toFixed(1)}x)`.padEnd(28);
  });
  console.log(`  ${`${n}×${k}×${m} ${what}`.padEnd(24)}${cells.join('')}`);
}
