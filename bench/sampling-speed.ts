/**
 * Sampling speed of the embedded reasoner, today's path (KvDecoder: weights copied into
 * WebAssembly memory on every product, attention in JS) against the wasm-resident decoder
 * (weights and key/value caches resident in WebAssembly memory, attention in wasm), side
 * by side in one run, on the shipped model:
 *   1. plain sampling, 64 new tokens per sample, at batch 1 and 64 (the figure docs quote);
 *   2. the RL workload: tool-integrated constrained searches, k per puzzle, decoded 64 at a
 *      time across puzzles (generateGroups), tokens fed per second (model and tool text);
 * and checks that both decoders sample the same texts.
 *
 *   npx tsx bench/sampling-speed.ts [--rounds 2] [--puzzles 16] [--k 4]
 *
 * Rounds alternate between the decoders, so load from other processes falls on both alike;
 * each figure is the total over all rounds.
 */
import { KvDecoder, type SequenceDecoder } from '../src/embedded/model/decoder.js';
import { generateBatch } from '../src/embedded/model/generate-batch.js';
import { ResidentDecoder } from '../src/embedded/model/wasm/resident-decoder.js';
import { loadEmbeddedReasoner } from '../src/embedded/reasoner/embedded-reasoner.js';
import { loadGame24 } from '../src/tasks/game24/load-game24.js';
import { sampleRollouts } from '../src/embedded/training/rl/rollouts.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = flag('--rounds', 2);
const puzzles = flag('--puzzles', 16);
const k = flag('--k', 4);

const model = loadEmbeddedReasoner('game24-metacot');
const { config, params } = model.checkpoint;
const decoders: Record<string, () => SequenceDecoder> = {
  'KvDecoder (today)': () => new KvDecoder(config, params),
  'ResidentDecoder (wasm-resident)': () => new ResidentDecoder(config, params),
};
const names = Object.keys(decoders);
const totals = new Map<string, { tokens: number; seconds: number }>();
const add = (key: string, tokens: number, seconds: number) => {
  const t = totals.get(key) ?? { tokens: 0, seconds: 0 };
  t.tokens += tokens;
  t.seconds += seconds;
  totals.set(key, t);
};
const texts = new Map<string, string[]>();
const problems = loadGame24({ split: 'train' }).slice(0, puzzles).map((p) => ({ numbers: p.numbers, target: 24, integer: false }));

for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 === 0 ? names : [...names].reverse()) {
    const decoder = decoders[name]!();
    for (const batch of [1, 64]) {
      const started = performance.now();
      const out = await generateBatch(decoder, model.tokenizer, { prompt: 'Use 4 9 10 13 to make 24.\n', n: batch, temperature: 1, maxTokens: 64, seed: round, batchSize: batch });
      add(`${name}|plain|${batch}`, out.reduce((s, o) => s + o.modelTokens, 0), (performance.now() - started) / 1000);
      if (batch === 64) texts.set(`${name}|plain|${round}`, out.map((o) => o.text));
    }
    const started = performance.now();
    const rollouts = await sampleRollouts(decoder, model.tokenizer, problems, { temperature: 1, k, seed: `bench:${round}`, valueThreshold: 0.5, batchSize: 64 });
    add(`${name}|search|64`, rollouts.reduce((s, r) => s + r.tokens.length, 0), (performance.now() - started) / 1000);
    texts.set(`${name}|search|${round}`, rollouts.map((r) => Array.from(r.tokens).join(',')));
  }
}

const rate = (key: string) => {
  const t = totals.get(key)!;
  return t.tokens / t.seconds;
};
console.log(`sampling speed of ${model.id}, ${rounds} rounds alternating (tokens/s)`);
console.log(`| workload | batch | ${names.join(' | ')} | ratio |`);
console.log(`|---|---|${names.map(() => '---|').join('')}---|`);
for (const [workload, batch, label] of [['plain', 1, 'plain sampling, 64 new tokens'], ['plain', 64, 'plain sampling, 64 new tokens'], ['search', 64, `tool-integrated searches, ${puzzles} puzzles × ${k} (tokens fed)`]] as const) {
  const rs = names.map((n) => rate(`${n}|${workload}|${batch}`));
  console.log(`| ${label} | ${batch} | ${rs.map((r) => r.toFixed(0)).join(' | ')} | ${(rs[1]! / rs[0]!).toFixed(2)}× |`);
}
let same = 0;
let compared = 0;
for (let round = 0; round < rounds; round++) {
  for (const workload of ['plain', 'search']) {
    const a = texts.get(`${names[0]}|${workload}|${round}`)!;
    const b = texts.get(`${names[1]}|${workload}|${round}`)!;
    a.forEach((t, i) => {
      compared++;
      if (t === b[i]) same++;
    });
  }
}
console.log(`\nidentical samples: ${same} of ${compared}`);
