import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIterationState } from '../../training-data/star-loop/loop-state.js';
import { startMathStandin } from '../../training-data/generate/test-support/math-standin.js';
import type { Standin } from '../../models/test-support/openai-standin-server.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

// The trainer and server behind the commands are tiny scripts (a trainer that remembers
// each verified answer, and a chat server that recalls it): the embedded model's trainer
// reads its own Game of 24 data, not an SFT export, and would take minutes here.
const support = fileURLToPath(new URL('../../training-data/star-loop/test-support', import.meta.url));
const trainCmd = `node ${join(support, 'memo-trainer.mjs')} --data {data} --out {out}`;
const serveCmd = `node ${join(support, 'memo-server.mjs')} --model {model} --port {port}`;

let root: string;
let base: Standin;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'metacot-star-cli-'));
  base = await startMathStandin();
  const rows = Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, problem: `What is ${i + 1} + ${2 * i}?`, answer: String(3 * i + 1) }));
  await writeFile(join(root, 'train.jsonl'), rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
});
afterAll(async () => {
  await base.close();
  await rm(root, { recursive: true, force: true });
});

describe('metacot star --train-cmd', () => {
  it('generates, exports, trains, serves and evaluates per iteration, and resumes', async () => {
    const dir = join(root, 'loop');
    const argv = ['star', '--data', join(root, 'train.jsonl'), '--model', 'openai:base', '--base-url', `${base.url}/v1`, '--iterations', '2', '--search', 'bon-2', '--train-cmd', trainCmd, '--serve-cmd', serveCmd, '--dir', dir, '--serve-timeout', '20000', '--json'];
    const first = await runCliCaptured(argv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const rows = JSON.parse(first.stdout);
    expect(rows).toHaveLength(2);
    // Iteration 0 learns the answers its searches verified; the served model then answers those.
    expect(rows[0].exported).toBe(rows[0].verified);
    expect(rows[0].accuracy).toBeCloseTo(rows[0].verified / 6, 10);
    // Iteration 1 generates with the trained model, which answers every remembered question right.
    expect(rows[1].verified).toBe(rows[0].verified);
    const s1 = await readIterationState(dir, 1);
    expect(s1!.model).toEqual({ path: join(dir, 'iter-0', 'model') });
    expect(Object.values(s1!.steps).every((s) => s.status === 'done')).toBe(true);
    const log = await readFile(join(dir, 'loop.log'), 'utf8');
    expect(log).toMatch(/iteration 0 train: trained on \d+ examples/);
    expect(log).toMatch(/iteration 1 generate: serving: node /);

    const again = await runCliCaptured(argv);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(rows);
    expect((await readFile(join(dir, 'loop.log'), 'utf8')).match(/done before, skipped/g)).toHaveLength(8);
  }, 60_000);

  it('asks for the serving command and a language model', async () => {
    const a = await runCliCaptured(['star', '--train-cmd', 'x', '--data', 'f.jsonl', '--model', 'openai:m']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--train-cmd needs --serve-cmd/);
    const b = await runCliCaptured(['star', '--train-cmd', 'x', '--serve-cmd', 'y', '--data', 'f.jsonl']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--model is the base language model/);
  });
});
