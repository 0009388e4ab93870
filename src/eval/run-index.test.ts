import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromRecords } from './items-from-records.js';
import { readRun } from './read-run.js';
import { indexedSearches, indexRun } from './run-index.js';
import { runEval } from './run-eval.js';
import { RECORDS_FILE } from './run-layout.js';
import { scoreItems } from './score-items.js';
import { scoreRun } from './score-run.js';
import { arithmeticRunSetup } from './test-support/arithmetic-run.js';
import { bestOfNSolver } from './test-support/arithmetic-task.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-run-index-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const dir = join(root, 'run');

beforeAll(async () => {
  const { config, problems, task } = await arithmeticRunSetup({ count: 9 });
  await runEval({ dir, config, task, problems, solve: bestOfNSolver(5), concurrency: 1 });
  // Records finish in any order under concurrency: shuffle the file so that order must be restored.
  const lines = (await readFile(join(dir, RECORDS_FILE), 'utf8')).trim().split('\n');
  await writeFile(join(dir, RECORDS_FILE), `${[...lines.slice(4), ...lines.slice(0, 4).reverse()].join('\n')}\n`);
});

describe('indexRun', () => {
  it('reads the records and trees readRun reads, in dataset order, one at a time', async () => {
    const whole = await readRun(dir, { trees: true });
    const run = await indexRun(dir, (r) => r.correct);
    expect(run.config).toEqual(whole.config);
    expect(run.entries.map((e) => e.id)).toEqual(whole.records.map((r) => r.id));
    expect(run.entries.map((e) => e.kept)).toEqual(whole.records.map((r) => r.correct));
    const streamed = [];
    for await (const s of indexedSearches(run)) streamed.push(s);
    expect(streamed.map((s) => s.record)).toEqual(whole.records);
    expect(streamed.map((s) => s.tree)).toEqual(whole.records.map((r) => whole.trees.get(r.id)));
  });

  it('scores a run streaming exactly as scoring the records read whole', async () => {
    const whole = await readRun(dir);
    for (const options of [{}, { seed: 'x', resamples: 30, bootstrap: 50, discount: { gamma: 0.9, by: 'steps' as const } }]) {
      const { task: _t, model: _m, search: _s, ...report } = await scoreRun(dir, options);
      expect(report).toEqual(scoreItems(itemsFromRecords(whole.records), { seed: whole.config.seed, ...options }));
    }
  });

  it('drops a torn last line and names a repeated problem', async () => {
    const copy = join(root, 'torn');
    await rm(copy, { recursive: true, force: true });
    const { cp } = await import('node:fs/promises');
    await cp(dir, copy, { recursive: true });
    await appendFile(join(copy, RECORDS_FILE), '{"id":"half');
    expect((await indexRun(copy)).entries).toHaveLength(9);
    // Cut short in the middle of the file, it is an error, not a torn tail.
    await appendFile(join(copy, RECORDS_FILE), '\n');
    await appendFile(join(copy, RECORDS_FILE), (await readFile(join(dir, RECORDS_FILE), 'utf8')).split('\n')[0]!);
    await expect(indexRun(copy)).rejects.toThrow(/records\.jsonl:10: malformed JSON/);
    await writeFile(join(copy, RECORDS_FILE), `${await readFile(join(dir, RECORDS_FILE), 'utf8')}${(await readFile(join(dir, RECORDS_FILE), 'utf8')).split('\n')[0]!}\n`);
    await expect(indexRun(copy)).rejects.toThrow(/records\.jsonl:10: problem '.*' already recorded on line 1/);
  });
});
