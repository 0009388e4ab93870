import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { traceExample } from '../generate/trace-example.js';
import { NgramIndex } from './decontaminate.js';
import { createRandom } from '../../core/random.js';
import { exportDataset, type ExportOptions, type ExportSource, type StreamingExportSource } from './export-dataset.js';
import { ScratchStore } from './scratch-store.js';
import { TracePairStore } from './trace-pair-store.js';
import { filterExamples } from './filters.js';
import { candidatePairs, stepPairs, tracePairs } from './preference.js';
import {
  conversationalPreferenceSchema,
  openAiSftSchema,
  shareGptSchema,
  standardPreferenceSchema,
  stepwiseSupervisionSchema,
  trlSftSchema,
} from './schemas.js';
import { sftRecord } from './sft.js';
import { stepLabels } from './step-labels.js';
import { searched } from './test-support/searched.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-exports-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const good = await searched(2, 3);
const bad = await searched(2, 3, 'beam-2x2', { onlyWrong: true });
const misled = await searched(2, 3, 'beam-2x2', { misleading: true });

describe('the schemas themselves', () => {
  it('accept the documented examples and reject near misses', () => {
    expect(trlSftSchema.safeParse({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }).success).toBe(true);
    expect(trlSftSchema.safeParse({ messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }).success).toBe(false);
    expect(openAiSftSchema.safeParse({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', weight: 0 }] }).success).toBe(false);
    expect(openAiSftSchema.safeParse({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }], extra: 1 }).success).toBe(false);
    expect(shareGptSchema.safeParse({ conversations: [{ from: 'human', value: 'a' }, { from: 'gpt', value: 'b' }] }).success).toBe(true);
    expect(shareGptSchema.safeParse({ conversations: [{ from: 'user', value: 'a' }, { from: 'gpt', value: 'b' }] }).success).toBe(false);
    expect(standardPreferenceSchema.safeParse({ prompt: 'The sky is', chosen: ' blue.', rejected: ' green.' }).success).toBe(true);
    expect(stepwiseSupervisionSchema.safeParse({ prompt: 'p', completions: ['a', 'b'], labels: [true] }).success).toBe(false);
    expect(stepwiseSupervisionSchema.safeParse({ prompt: 'Which number is larger, 9.8 or 9.11?', completions: ['The fractional part of 9.8 is 0.8.', 'The fractional part of 9.11 is 0.11.'], labels: [true, false] }).success).toBe(true);
  });
});

describe('SFT', () => {
  // The search tried multiplying first, so the trace holds a wrong branch and a backtrack.
  const example = traceExample(misled.tree, misled.record);

  it('writes TRL messages whose loss spans mask the wrong branch', () => {
    expect(example.verified).toBe(true);
    const whole = trlSftSchema.parse(sftRecord(example, { objective: 'whole' }));
    expect(whole.loss_spans).toEqual([[0, example.text.length]]);
    const masked = trlSftSchema.parse(sftRecord(example, { objective: 'mask-wrong-branches', system: 'Think.' }));
    expect(masked.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    const content = masked.messages[2]!.content;
    const trained = masked.loss_spans!.map(([s, e]) => content.slice(s, e)).join('');
    expect(content).toContain('Multiply the numbers.');
    expect(trained).not.toContain('Multiply');
    expect(trained).toContain('Add the numbers.');
    expect(trained).toContain('Answer: 5');
  });

  it('writes OpenAI messages with weight 0/1 pieces that add up to the trace', () => {
    const rec = openAiSftSchema.parse(sftRecord(example, { objective: 'mask-wrong-branches', flavor: 'openai' }));
    const assistant = rec.messages.filter((m) => m.role === 'assistant') as { content: string; weight?: 0 | 1 }[];
    expect(assistant.map((m) => m.content).join('')).toBe(example.text);
    expect(assistant.some((m) => m.weight === 0 && m.content.includes('Multiply'))).toBe(true);
    const plain = openAiSftSchema.parse(sftRecord(example, { flavor: 'openai' }));
    expect(plain.messages).toHaveLength(2);
  });

  it('writes ShareGPT conversations', () => {
    const rec = shareGptSchema.parse(sftRecord(example, { flavor: 'sharegpt' }));
    expect(rec.conversations.map((c) => c.from)).toEqual(['human', 'gpt']);
    expect(rec.conversations[1]!.value).toBe(example.text);
  });
});

describe('preference pairs', () => {
  it('pairs sibling steps: the one below which the search was right against the one below which it was wrong', () => {
    const pairs = stepPairs(good.tree, good.record);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) standardPreferenceSchema.parse(p);
    expect(pairs[0]).toMatchObject({ prompt: 'What is 2 + 3?\n\n', chosen: 'Add the numbers.', rejected: 'Multiply the numbers.' });
  });

  it('pairs a verified trace against a failed one of the same problem, and candidates within a tree', () => {
    const a = traceExample(good.tree, good.record), b = traceExample(bad.tree, bad.record);
    expect(b.verified).toBe(false);
    const pairs = tracePairs([a, b], { conversational: true });
    expect(pairs).toHaveLength(1);
    const p = conversationalPreferenceSchema.parse(pairs[0]);
    expect(p.chosen[0]!.content).toBe(a.text);
    expect(p.rejected[0]!.content).toBe(b.text);
    const c = candidatePairs(good.tree, good.record);
    expect(c[0]).toMatchObject({ chosen: 'Add the numbers.\n\nThe sum is \\boxed{5}.', rejected: 'Multiply the numbers.\n\nThe result is \\boxed{6}.' });
    expect(candidatePairs(bad.tree, bad.record)).toEqual([]);
  });
});

describe('PRM step labels', () => {
  it('labels each step from the search outcomes below it', () => {
    const rows = stepLabels(good.tree, good.record);
    for (const r of rows) stepwiseSupervisionSchema.parse(r);
    const add = rows.find((r) => r.completions[0] === 'Add the numbers.')!;
    const mul = rows.find((r) => r.completions[0] === 'Multiply the numbers.')!;
    expect(add.labels).toEqual([true, true]);
    expect(mul.labels).toEqual([false, false]);
  });

  it('labels from the rollout values with the threshold', () => {
    const rows = stepLabels(good.tree, good.record, { source: 'rollouts', threshold: 0.25, finalByVerdict: false });
    // Multiplying is valued 0.3: above a 0.25 threshold, its steps count as good.
    expect(rows.find((r) => r.completions[0] === 'Multiply the numbers.')!.labels).toEqual([true, true]);
    const strict = stepLabels(good.tree, good.record, { source: 'rollouts', threshold: 0.5 });
    expect(strict.find((r) => r.completions[0] === 'Multiply the numbers.')!.labels).toEqual([false, false]);
  });
});

describe('filters', () => {
  it('drops unverified, too long, duplicate and contaminated traces and counts each', async () => {
    const other = await searched(40, 2);
    const ex = [traceExample(good.tree, good.record), traceExample(good.tree, good.record), traceExample(bad.tree, bad.record), traceExample(other.tree, other.record)];
    const index = new NgramIndex(['Compute: what is 40 + 2?'], 5);
    const { kept, counts } = filterExamples(ex, { verifiedOnly: true, dedupe: true, decontaminate: { index, source: 'test' }, maxTokens: 1000 });
    expect(kept.map((e) => e.id)).toEqual(['2+3']);
    expect(counts).toEqual({ input: 4, unverified: 1, tooShort: 0, tooLong: 0, duplicate: 1, contaminated: 1, kept: 1 });
    expect(filterExamples(ex.slice(0, 1), { maxTokens: 5 }).counts.tooLong).toBe(1);
  });

  it('matches short test problems whole and long ones by shared n-grams', () => {
    const index = new NgramIndex(['What is 2 + 3?', 'Let x be the largest prime factor of 1001 such that x is odd and greater than seven; find x.'], 8);
    expect(index.overlap('What is 2+3 ?')).not.toBeNull();
    expect(index.overlap('What is 2 + 4?')).toBeNull();
    expect(index.overlap('Now let x be the largest prime factor of 1001 such that x is odd, then double it.')).not.toBeNull();
  });
});

describe('exportDataset', () => {
  const source = (): ExportSource => ({
    dir: 'runs/a',
    records: [good.record],
    trees: new Map([[good.record.id, good.tree]]),
    about: { task: 'tiny', model: 'mock' },
  });

  it('writes the lines, a card with counts and the file hash, and a README', async () => {
    const out = join(root, 'sft');
    const result = await exportDataset([source(), { ...source(), dir: 'runs/b' }], { kind: 'sft', out, sft: { objective: 'mask-wrong-branches' }, filters: { dedupe: true }, now: () => new Date(0) });
    const body = await readFile(result.file, 'utf8');
    expect(body.trim().split('\n')).toHaveLength(1);
    const card = JSON.parse(await readFile(result.card, 'utf8'));
    expect(card.counts).toMatchObject({ input: 2, duplicate: 1, kept: 1, lines: 1 });
    expect(card.files['train.jsonl'].sha256).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
    expect(card.sources.map((s: { dir: string }) => s.dir)).toEqual(['runs/a', 'runs/b']);
    expect(card.filters).toMatchObject({ verifiedOnly: true, dedupe: true });
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain('path: train.jsonl');
  });

  it('writes DPO step pairs and PRM labels that pass their schemas', async () => {
    const dpo = await exportDataset([source()], { kind: 'dpo', out: join(root, 'dpo'), dpo: { pairs: 'step' } });
    for (const line of (await readFile(dpo.file, 'utf8')).trim().split('\n')) standardPreferenceSchema.parse(JSON.parse(line));
    expect(dpo.lines).toBeGreaterThan(0);
    const prm = await exportDataset([source()], { kind: 'prm', out: join(root, 'prm'), prm: { threshold: 0.5 } });
    const rows = (await readFile(prm.file, 'utf8')).trim().split('\n').map((l) => stepwiseSupervisionSchema.parse(JSON.parse(l)));
    expect(rows.map((r) => r.labels)).toEqual(expect.arrayContaining([[true, true], [false, false]]));
    const capped = await exportDataset([source()], { kind: 'prm', out: join(root, 'prm-1'), prm: { perProblem: 1 } });
    expect(capped.lines).toBe(1);
    const two = (await readFile((await exportDataset([source()], { kind: 'prm', out: join(root, 'prm-2'), prm: { perProblem: 2 } })).file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(two.map((r) => r.labels.at(-1))).toEqual([true, false]);
  });
});

// Several problems with both outcomes, some searched twice (a second run), for every export kind.
const problems = await Promise.all([[1, 2], [2, 5], [3, 3], [4, 1], [6, 2]].map(([a, b], i) => searched(a!, b!, 'beam-2x2', { misleading: i % 2 === 1, onlyWrong: i === 3 })));
const second = await Promise.all([[1, 2], [3, 3], [6, 2]].map(([a, b]) => searched(a!, b!, 'beam-2x2', { onlyWrong: true })));

describe('exportDataset, streaming', () => {
  const inMemory = (list: typeof problems, dir: string): ExportSource => ({ dir, records: list.map((p) => p.record), trees: new Map(list.map((p) => [p.record.id, p.tree])), about: { run: dir } });
  const streamed = (list: typeof problems, dir: string): StreamingExportSource => ({
    dir,
    about: { run: dir },
    searches: async function* () {
      for (const p of list) yield { record: p.record, tree: p.tree };
    },
  });
  const kinds: [string, Omit<ExportOptions, 'out'>][] = [
    ['sft', { kind: 'sft', filters: { dedupe: true }, sft: { objective: 'mask-wrong-branches' } }],
    ['sft-all', { kind: 'sft', filters: { verifiedOnly: false, dedupe: true, maxTokens: 40 } }],
    ['dpo-trace', { kind: 'dpo', dpo: { pairs: 'trace', perProblem: 1 } }],
    ['dpo-trace-4', { kind: 'dpo', dpo: { pairs: 'trace', conversational: true } }],
    ['dpo-step', { kind: 'dpo', dpo: { pairs: 'step' } }],
    ['dpo-candidate', { kind: 'dpo', dpo: { pairs: 'candidate' } }],
    ['prm', { kind: 'prm', filters: { dedupe: true }, prm: { perProblem: 1 } }],
  ];
  for (const [name, options] of kinds) {
    it(`writes the same ${name} set, card and README from streamed sources as from sources in memory`, async () => {
      const now = () => new Date(0);
      const a = await exportDataset([inMemory(problems, 'runs/a'), inMemory(second, 'runs/b')], { ...options, out: join(root, `mem-${name}`), now });
      const b = await exportDataset([streamed(problems, 'runs/a'), streamed(second, 'runs/b')], { ...options, out: join(root, `stream-${name}`), now });
      expect(await readFile(b.file, 'utf8')).toBe(await readFile(a.file, 'utf8'));
      expect(await readFile(b.card, 'utf8')).toBe(await readFile(a.card, 'utf8'));
      expect(await readFile(join(root, `stream-${name}`, 'README.md'), 'utf8')).toBe(await readFile(join(root, `mem-${name}`, 'README.md'), 'utf8'));
      expect(b.lines).toBe(a.lines);
      expect(a.lines).toBeGreaterThan(0);
    });
  }

  it('keeps whole-trace pairs equal to tracePairs for any number of traces per problem and any cap', () => {
    const random = createRandom('pairs');
    const examples = Array.from({ length: 60 }, (_, i) => ({ id: `p${random.int(7)}`, verified: random.next() < 0.4, prompt: 'q', text: `trace ${i}`, treeId: `t${i}` }));
    for (const limit of [1, 2, 3, 4, 9]) {
      const store = new ScratchStore();
      try {
        const pairs = new TracePairStore(store, limit);
        for (const e of examples) pairs.add(e);
        expect([...pairs.groups()].flatMap((group) => tracePairs(group, { perProblem: limit }))).toEqual(tracePairs(examples, { perProblem: limit }));
      } finally {
        store.close();
      }
    }
  });

  it('leaves no data file behind when a line fails its schema', async () => {
    const out = join(root, 'failed');
    const empty: StreamingExportSource = { dir: 'x', about: {}, searches: async function* () { yield { record: { ...problems[0]!.record, prompt: '' }, tree: problems[0]!.tree }; } };
    await expect(exportDataset([empty], { kind: 'prm', out })).rejects.toThrow(/does not match the prm schema/);
    await expect(readFile(join(out, 'train.jsonl'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(out, 'train.jsonl.partial'))).rejects.toThrow(/ENOENT/);
  });
});
