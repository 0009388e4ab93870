import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiSftSchema, standardPreferenceSchema, stepwiseSupervisionSchema, trlSftSchema } from '../../training-data/exports/schemas.js';
import { startMathStandin } from '../../training-data/generate/test-support/math-standin.js';
import type { Standin } from '../../models/test-support/openai-standin-server.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

let root: string;
let server: Standin;
let runA: string, runB: string;
const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'metacot-export-'));
  server = await startMathStandin();
  const problems = [
    { id: 'p1', problem: 'What is 2 + 3?', answer: '5' },
    { id: 'p2', problem: 'What is 10 + 20?', answer: '30' },
    { id: 'p3', problem: 'What is 7 + 8?', answer: '15' },
    { id: 'p4', problem: 'What is 11 + 12?', answer: '23' },
  ];
  await writeFile(join(root, 'train.jsonl'), problems.map((p) => `${JSON.stringify(p)}\n`).join(''));
  runA = join(root, 'run-a');
  runB = join(root, 'run-b');
  for (const [out, seed] of [[runA, '1'], [runB, '2']] as const) {
    const r = await runCliCaptured(['generate', '--data', join(root, 'train.jsonl'), '--model', 'openai:m', '--base-url', `${server.url}/v1`, '--search', 'bon-4', '--verifier', 'none', '--seed', seed, '--out', out]);
    expect(r.stderr).toBe('');
  }
}, 60_000); // two generate runs, each starting a grader worker (which loads the computer-algebra system first)
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('metacot export', () => {
  it('sft: verified searches only, masked objective as loss spans, card with counts', async () => {
    const out = join(root, 'sft');
    const r = await runCliCaptured(['export', 'sft', '--run', runA, '--run', runB, '--out', out, '--objective', 'mask-wrong-branches', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const rows = await lines(join(out, 'train.jsonl'));
    expect(rows.length).toBe(summary.lines);
    expect(summary.input).toBe(8);
    expect(summary.kept + summary.unverified + summary.duplicate).toBe(8);
    for (const row of rows) {
      trlSftSchema.parse(row);
      expect(row.metadata.verified).toBe(true);
    }
    const card = JSON.parse(await readFile(join(out, 'card.json'), 'utf8'));
    expect(card.sources.map((s: { seed: string }) => s.seed)).toEqual(['1', '2']);
    expect(card.filters.verifiedOnly).toBe(true);
  });

  it('sft --flavor openai writes only what OpenAI fine-tuning accepts', async () => {
    const out = join(root, 'sft-openai');
    const r = await runCliCaptured(['export', 'sft', '--run', runA, '--out', out, '--flavor', 'openai', '--objective', 'trace-only']);
    expect(r.code).toBe(0);
    for (const row of await lines(join(out, 'train.jsonl'))) openAiSftSchema.parse(row);
  });

  it('dpo and prm lines pass the TRL schemas', async () => {
    const dpo = join(root, 'dpo');
    expect((await runCliCaptured(['export', 'dpo', '--run', runA, '--out', dpo, '--pairs', 'candidate'])).code).toBe(0);
    const pairs = await lines(join(dpo, 'train.jsonl'));
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) standardPreferenceSchema.parse(p);
    const prm = join(root, 'prm');
    expect((await runCliCaptured(['export', 'prm', '--run', runA, '--out', prm, '--threshold', '0.5'])).code).toBe(0);
    const rows = await lines(join(prm, 'train.jsonl'));
    for (const row of rows) stepwiseSupervisionSchema.parse(row);
    expect(rows.some((row) => row.labels.includes(false))).toBe(true);
  });

  it('prm --rollouts labels steps with Monte-Carlo values from the model', async () => {
    const out = join(root, 'prm-mc');
    const r = await runCliCaptured(['export', 'prm', '--run', runA, '--out', out, '--rollouts', '4', '--model', 'openai:m', '--base-url', `${server.url}/v1`, '--threshold', '0.5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = await lines(join(out, 'train.jsonl'));
    for (const row of rows) stepwiseSupervisionSchema.parse(row);
    const first = rows[0].metadata;
    expect(first.source).toBe('rollouts');
    // The stand-in answers wrong for even seeds: a first step's value is a multiple of 1/4.
    expect(first.values[0] * 4).toBe(Math.round(first.values[0] * 4));
  });

  it('decontaminates against a test set file', async () => {
    await writeFile(join(root, 'test.jsonl'), `${JSON.stringify({ question: 'What is 2 + 3?' })}\n`);
    const out = join(root, 'sft-clean');
    const r = await runCliCaptured(['export', 'sft', '--run', runA, '--out', out, '--all', '--decontaminate', join(root, 'test.jsonl'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ contaminated: 1, kept: 3 });
    expect((await lines(join(out, 'train.jsonl'))).map((row) => row.metadata.id)).toEqual(['p2', 'p3', 'p4']);
  });

  it('names bad input', async () => {
    const r = await runCliCaptured(['export', 'kto', '--run', runA, '--out', join(root, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown export 'kto'; valid: sft, dpo, prm/);
    const missing = await runCliCaptured(['export', 'sft', '--run', join(root, 'nope'), '--out', join(root, 'y')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/is not a run folder/);
  });
});
