import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { RecordLog, RecordLogError } from './record-log.js';
import { RECORDS_FILE } from './run-layout.js';
import type { RunRecord } from './run-schema.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-record-log-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const record = (id: string, index: number): RunRecord => ({
  id, index, level: null, subject: null, prompt: 'p', input: null, gold: null, answer: null, correct: false,
  stopReason: 'completed', usage: { policyCalls: 0, tokensIn: 0, tokensOut: 0, verifierCalls: 0, ms: 0 },
  steps: 0, candidates: [], tree: null, seed: '0',
});

it('cuts a torn tail before appending, refuses a repeated id, and stops appending after a failed write', async () => {
  const dir = join(root, 'a');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, RECORDS_FILE), `${JSON.stringify(record('x', 0))}\n{"id":"y","ind`);
  const { log, existing } = await RecordLog.open(dir);
  expect(existing.map((r) => r.id)).toEqual(['x']);
  await log.append(record('y', 1));
  await log.close();
  expect((await readFile(join(dir, RECORDS_FILE), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['x', 'y']);

  await writeFile(join(dir, RECORDS_FILE), `${JSON.stringify(record('x', 0))}\n${JSON.stringify(record('x', 0))}\n`);
  await expect(RecordLog.open(dir)).rejects.toThrow(/records\.jsonl:2: problem 'x' already recorded on line 1/);

  await writeFile(join(dir, RECORDS_FILE), '');
  const second = await RecordLog.open(dir);
  await second.log.close(); // the handle is gone: the next write fails like a full disk would
  await expect(second.log.append(record('z', 2))).rejects.toBeInstanceOf(RecordLogError);
  await expect(second.log.append(record('w', 3))).rejects.toThrow(/re-run the same command to resume/);
});
