import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../core/random.js';
import { jsKernels, kernelBackend, matmul, useKernels, availableWasmKernels, type Kernels } from './kernels.js';

const wasm = availableWasmKernels();

function randomArray(rng: Random, length: number): Float32Array {
  return Float32Array.from({ length }, () => rng.next() * 2 - 1);
}

/**
 * |x - y| ≤ tol·(1 + |y|) everywhere: float sums taken in another order differ in the last
 * bits, by up to about (terms summed)·2⁻²⁴ of their magnitude.
 */
function expectClose(actual: Float32Array, expected: Float32Array, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    if (!(err <= worst)) worst = err; // NaN counts as worst
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

interface Case { n: number; k: number; m: number }

/** Runs the three kernels on one shape, outputs pre-filled with junk (overwrite) or values (accumulate). */
function runAll(kernels: Kernels, c: Case, seed: number) {
  const rng = createRandom(seed);
  const { n, k, m } = c;
  const a = randomArray(rng, n * k);
  const w = randomArray(rng, k * m);
  const dout = randomArray(rng, n * m);
  const out = new Float32Array(n * m).fill(123);
  const da = new Float32Array(n * k).fill(-7);
  const dw = randomArray(rng, k * m);
  kernels.matmul(out, a, w, n, k, m);
  kernels.matmulBackInput(da, dout, w, n, k, m);
  kernels.matmulBackWeight(dw, a, dout, n, k, m);
  return { out, da, dw };
}

const SHAPES: Case[] = [
  { n: 1, k: 1, m: 1 },
  { n: 1, k: 64, m: 192 }, // the decoder's batch-1 step
  { n: 2, k: 3, m: 5 },
  { n: 3, k: 7, m: 9 },
  { n: 4, k: 8, m: 8 },
  { n: 5, k: 13, m: 17 },
  { n: 6, k: 2, m: 31 },
  { n: 9, k: 65, m: 63 },
  { n: 50, k: 64, m: 64 },
  { n: 51, k: 64, m: 256 },
  { n: 33, k: 256, m: 64 },
  { n: 17, k: 64, m: 501 }, // vocabulary-wide, m not a multiple of 4
  { n: 70, k: 192, m: 66 },
];

describe.skipIf(!wasm)('WebAssembly SIMD kernels', () => {
  it('match the JS kernels on odd and typical shapes (overwrite and accumulate semantics)', () => {
    SHAPES.forEach((shape, s) => {
      const ref = runAll(jsKernels, shape, 100 + s);
      const got = runAll(wasm!, shape, 100 + s);
      expectClose(got.out, ref.out);
      expectClose(got.da, ref.da);
      expectClose(got.dw, ref.dw);
    });
  });

  it('match on random shapes, and across memory growth and reuse', () => {
    const rng = createRandom(9);
    // A large call first grows the memory; smaller ones then run on stale contents.
    const shapes: Case[] = [{ n: 300, k: 256, m: 520 }];
    for (let i = 0; i < 25; i++) shapes.push({ n: 1 + rng.int(80), k: 1 + rng.int(70), m: 1 + rng.int(90) });
    shapes.push({ n: 640, k: 64, m: 600 });
    shapes.forEach((shape, s) => {
      const ref = runAll(jsKernels, shape, s);
      const got = runAll(wasm!, shape, s);
      expectClose(got.out, ref.out, 1e-7 * Math.max(shape.k, 64));
      expectClose(got.da, ref.da, 1e-7 * Math.max(shape.m, 64));
      expectClose(got.dw, ref.dw, 1e-7 * Math.max(shape.n, 64));
    });
  });

  it('matmulBackWeight adds into dw: two calls equal one call on the stacked rows', () => {
    const rng = createRandom(3);
    const k = 5, m = 11;
    const a = randomArray(rng, 7 * k);
    const dout = randomArray(rng, 7 * m);
    const twice = new Float32Array(k * m);
    wasm!.matmulBackWeight(twice, a.subarray(0, 3 * k), dout.subarray(0, 3 * m), 3, k, m);
    wasm!.matmulBackWeight(twice, a.subarray(3 * k), dout.subarray(3 * m), 4, k, m);
    const once = new Float32Array(k * m);
    wasm!.matmulBackWeight(once, a, dout, 7, k, m);
    expectClose(twice, once);
    // Zero rows add nothing.
    const before = twice.slice();
    wasm!.matmulBackWeight(twice, a, dout, 0, k, m);
    expect(twice).toEqual(before);
  });

  it('write only their n rows: memory past the output is untouched', () => {
    const rng = createRandom(4);
    const n = 3, k = 6, m = 10;
    const out = new Float32Array(n * m + 5).fill(42);
    wasm!.matmul(out, randomArray(rng, n * k), randomArray(rng, k * m), n, k, m);
    expect(Array.from(out.subarray(n * m))).toEqual([42, 42, 42, 42, 42]);
    const da = new Float32Array(n * k + 3).fill(42);
    wasm!.matmulBackInput(da, randomArray(rng, n * m), randomArray(rng, k * m), n, k, m);
    expect(Array.from(da.subarray(n * k))).toEqual([42, 42, 42]);
  });

  it('are deterministic: the same inputs give the same bits, whatever ran before', () => {
    const shape = { n: 37, k: 64, m: 203 };
    const first = runAll(wasm!, shape, 5);
    runAll(wasm!, { n: 200, k: 100, m: 300 }, 6);
    const rng = createRandom(7);
    const qkv = randomArray(rng, 50 * 192), probs = new Float32Array(4 * 50 * 50), att = new Float32Array(50 * 64);
    wasm!.attentionForward(att, probs, qkv, 50, 64, 4);
    const second = runAll(wasm!, shape, 5);
    expect(new Uint32Array(second.out.buffer)).toEqual(new Uint32Array(first.out.buffer));
    expect(new Uint32Array(second.da.buffer)).toEqual(new Uint32Array(first.da.buffer));
    expect(new Uint32Array(second.dw.buffer)).toEqual(new Uint32Array(first.dw.buffer));
    const att2 = new Float32Array(50 * 64), probs2 = new Float32Array(4 * 50 * 50).fill(3);
    wasm!.attentionForward(att2, probs2, qkv, 50, 64, 4);
    expect(new Uint32Array(att2.buffer)).toEqual(new Uint32Array(att.buffer));
    expect(new Uint32Array(probs2.buffer)).toEqual(new Uint32Array(probs.buffer));
  });

  it('are the default backend, and useKernels switches the exported matmul', () => {
    if (process.env['METACOT_KERNELS'] === 'js') return;
    expect(kernelBackend()).toBe('wasm');
    const rng = createRandom(8);
    const a = randomArray(rng, 4 * 9), w = randomArray(rng, 9 * 13);
    const viaWasm = new Float32Array(4 * 13), viaJs = new Float32Array(4 * 13), ref = new Float32Array(4 * 13);
    matmul(viaWasm, a, w, 4, 9, 13);
    try {
      useKernels('js');
      expect(kernelBackend()).toBe('js');
      matmul(viaJs, a, w, 4, 9, 13);
    } finally {
      useKernels('wasm');
    }
    jsKernels.matmul(ref, a, w, 4, 9, 13);
    expect(viaJs).toEqual(ref);
    expectClose(viaWasm, ref);
  });

  it('compute causal attention and its gradient like the JS kernels (odd head widths, n = 1, peaked softmax)', () => {
    const shapes = [
      { n: 1, d: 8, heads: 2 }, { n: 2, d: 8, heads: 2 }, { n: 3, d: 12, heads: 3 }, { n: 5, d: 20, heads: 4 },
      { n: 8, d: 64, heads: 4 }, { n: 13, d: 64, heads: 4 }, { n: 37, d: 96, heads: 4 }, { n: 70, d: 64, heads: 4 },
      { n: 129, d: 16, heads: 1 },
    ];
    shapes.forEach(({ n, d, heads }, i) => {
      // Scale 6 spreads the scores over tens of units: some weights underflow to zero.
      for (const spread of [1, 6]) {
        const rng = createRandom(`attention:${i}:${spread}`);
        const qkv = randomArray(rng, n * 3 * d).map((x) => x * spread);
        const datt = randomArray(rng, n * d);
        const run = (k: Kernels) => {
          const att = new Float32Array(n * d).fill(9);
          const probs = new Float32Array(heads * n * n).fill(9);
          k.attentionForward(att, probs, qkv, n, d, heads);
          const dqkv = new Float32Array(n * 3 * d).fill(9);
          k.attentionBackward(dqkv, datt, qkv, probs, n, d, heads);
          return { att, probs, dqkv };
        };
        const ref = run(jsKernels);
        const got = run(wasm!);
        expectClose(got.att, ref.att, 1e-5);
        expectClose(got.probs, ref.probs, 1e-5);
        expectClose(got.dqkv, ref.dqkv, 1e-5 * spread);
        for (let h = 0; h < heads; h++) {
          for (let t = 0; t < n; t++) {
            for (let s = t + 1; s < n; s++) expect(got.probs[(h * n + t) * n + s]).toBe(0);
          }
        }
      }
    });
  });

  it('attentionBackward is the gradient of attentionForward (finite differences, both backends)', () => {
    const n = 6, d = 8, heads = 2;
    const rng = createRandom(12);
    const qkv = randomArray(rng, n * 3 * d);
    const r = randomArray(rng, n * d); // loss = Σ att·r, so datt = r
    const dir = randomArray(rng, n * 3 * d);
    for (const k of [jsKernels, wasm!]) {
      const loss = (x: Float32Array): number => {
        const att = new Float32Array(n * d);
        k.attentionForward(att, new Float32Array(heads * n * n), x, n, d, heads);
        return att.reduce((sum, a, i) => sum + a * r[i]!, 0);
      };
      const probs = new Float32Array(heads * n * n);
      k.attentionForward(new Float32Array(n * d), probs, qkv, n, d, heads);
      const dqkv = new Float32Array(n * 3 * d);
      k.attentionBackward(dqkv, r, qkv, probs, n, d, heads);
      const analytic = dqkv.reduce((sum, g, i) => sum + g * dir[i]!, 0);
      const eps = 1e-2;
      const numeric = (loss(qkv.map((x, i) => x + eps * dir[i]!)) - loss(qkv.map((x, i) => x - eps * dir[i]!))) / (2 * eps);
      expect(Math.abs(numeric - analytic)).toBeLessThan(2e-3 * (1 + Math.abs(analytic)));
    }
  });

  it('instantiate in a worker thread (from TypeScript sources) with the same results', async () => {
    const kernelsUrl = new URL('./kernels.ts', import.meta.url).href;
    const source = `
      const { parentPort } = await import('node:worker_threads');
      const { register } = await import('tsx/esm/api');
      register();
      const k = await import(${JSON.stringify(kernelsUrl)});
      const a = Float32Array.from({ length: 5 * 7 }, (_, i) => Math.sin(i));
      const w = Float32Array.from({ length: 7 * 9 }, (_, i) => Math.cos(i));
      const out = new Float32Array(5 * 9);
      k.matmul(out, a, w, 5, 7, 9);
      parentPort.postMessage({ backend: k.kernelBackend(), out });`;
    const worker = new Worker(`(async () => {${source}})()`, { eval: true });
    const reply = await new Promise<{ backend: string; out: Float32Array }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const a = Float32Array.from({ length: 5 * 7 }, (_, i) => Math.sin(i));
    const w = Float32Array.from({ length: 7 * 9 }, (_, i) => Math.cos(i));
    const here = new Float32Array(5 * 9);
    matmul(here, a, w, 5, 7, 9);
    expect(reply.backend).toBe(kernelBackend());
    expect(reply.out).toEqual(here);
  });
});
