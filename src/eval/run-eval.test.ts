import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeRuns } from './merge-runs.js';
import { readRun } from './read-run.js';
import { RECORDS_FILE } from './run-layout.js';
import { runEval } from './run-eval.js';
import { arithmeticRunSetup, comparable } from './test-support/arithmetic-run.js';
import { bestOfNSolver } from './test-support/arithmetic-task.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-eval-'));
afterAll(() => rm(root, { recursive: true, force: true }));

class InjectedCrash extends Error {}

async function wholeRun(dir: string) {
  const { config, problems, task } = await arithmeticRunSetup();
  return runEval({ dir, config, task, problems, solve: bestOfNSolver(8), concurrency: 3 });
}

describe('runEval', () => {
  it('writes a config, one record per problem with every candidate, and one tree per problem', async () => {
    const dir = join(root, 'whole');
    const result = await wholeRun(dir);
    expect(result.ran).toBe(12);
    const run = await readRun(dir, { trees: true });
    expect(run.config.package.name).toBe('metacot');
    expect(run.config.task.datasetHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.records.map((r) => r.index)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    for (const record of run.records) {
      expect(record.candidates).toHaveLength(8);
      const tree = run.trees.get(record.id)!;
      expect(tree.problem.id).toBe(record.id);
      for (const c of record.candidates) {
        const node = tree.nodes[c.nodeId!]!;
        expect(c.answer).toBe(node.flags.answer);
        expect(c.score).toBe(node.scores.value);
        expect(c.tokens).toBe(node.cost.tokensOut);
      }
      // Equivalent spellings of the right answer share a cluster.
      const right = record.candidates.filter((c) => c.correct);
      expect(new Set(right.map((c) => c.cluster)).size).toBeLessThanOrEqual(1);
    }
    expect(run.records.some((r) => new Set(r.candidates.filter((c) => c.correct).map((c) => c.answer)).size > 1)).toBe(true);
  });

  it('resumes after a crash mid-run (and a torn last line) to the same records as an uninterrupted run', async () => {
    const whole = await readRun(join(root, 'whole'));
    const dir = join(root, 'crashed');
    const { config, problems, task } = await arithmeticRunSetup();
    let written = 0;
    await expect(
      runEval({
        dir, config, task, problems, solve: bestOfNSolver(8),
        onRecord: () => {
          if (++written === 5) throw new InjectedCrash('simulated crash');
        },
      }),
    ).rejects.toThrow(InjectedCrash);
    // A writer killed mid-append leaves half a line behind.
    await appendFile(join(dir, RECORDS_FILE), '{"id":"add-5","index":5,"lev');
    expect((await readFile(join(dir, RECORDS_FILE), 'utf8')).split('\n')).toHaveLength(6);

    const solved: string[] = [];
    const resumed = await runEval({
      dir, config: { ...config, createdAt: 'later' }, task, problems,
      solve: bestOfNSolver(8, (p) => { solved.push(p.id); }),
    });
    expect(resumed.resumed).toBe(5);
    expect(solved).toEqual(problems.slice(5).map((p) => p.id));
    const after = await readRun(dir);
    expect(comparable(after.records)).toEqual(comparable(whole.records));
    const text = await readFile(join(dir, RECORDS_FILE), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(12);

    // A third run has nothing left to do and duplicates nothing.
    const again = await runEval({ dir, config, task, problems, solve: bestOfNSolver(8) });
    expect(again.ran).toBe(0);
    expect((await readFile(join(dir, RECORDS_FILE), 'utf8')).trim().split('\n')).toHaveLength(12);
  });

  it('refuses to resume a folder made with other settings, naming the field', async () => {
    const { config, problems, task } = await arithmeticRunSetup({ n: 4 });
    await expect(runEval({ dir: join(root, 'whole'), config, task, problems, solve: bestOfNSolver(4) })).rejects.toThrow(/method\.options\.n: was 8, now 4/);
  });

  it('keeps failed problems out of the records so that a re-run retries them', async () => {
    const dir = join(root, 'failing');
    const { config, problems, task } = await arithmeticRunSetup();
    const flaky = bestOfNSolver(8, (p) => {
      if (p.id === 'add-3') throw new Error('upstream 503');
    });
    const first = await runEval({ dir, config, task, problems, solve: flaky });
    expect(first.failures).toEqual([{ id: 'add-3', message: 'upstream 503' }]);
    expect(first.records).toHaveLength(11);
    const second = await runEval({ dir, config, task, problems, solve: bestOfNSolver(8) });
    expect(second.ran).toBe(1);
    expect(comparable((await readRun(dir)).records)).toEqual(comparable((await readRun(join(root, 'whole'))).records));
  });

  it('stops on abort without recording the searches in flight', async () => {
    const dir = join(root, 'aborted');
    const { config, problems, task } = await arithmeticRunSetup();
    const controller = new AbortController();
    const result = await runEval({
      dir, config, task, problems, signal: controller.signal,
      solve: bestOfNSolver(8, (p) => { if (p.id === 'add-2') controller.abort(); }),
    });
    expect(result.aborted).toBe(true);
    expect(result.records.map((r) => r.id)).toEqual(['add-0', 'add-1']);
  });
});

describe('shards and merge', () => {
  it('merged shards equal the unsharded run', async () => {
    const dirs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = join(root, `shard-${i}`);
      const { config, problems, task } = await arithmeticRunSetup({ shard: { index: i, count: 3 } });
      expect(problems.map((p) => p.index)).toEqual([i, i + 3, i + 6, i + 9]);
      await runEval({ dir, config, task, problems, solve: bestOfNSolver(8) });
      dirs.push(dir);
    }
    const out = join(root, 'merged');
    await mergeRuns([dirs[2]!, dirs[0]!, dirs[1]!], out);
    const merged = await readRun(out, { trees: true });
    const whole = await readRun(join(root, 'whole'), { trees: true });
    expect(comparable(merged.records)).toEqual(comparable(whole.records));
    expect({ ...merged.config, createdAt: '', command: [] }).toEqual({ ...whole.config, createdAt: '', command: [] });
    expect([...merged.trees.keys()]).toEqual([...whole.trees.keys()]);
    expect((await readdir(join(out, 'trees'))).length).toBe(12);
  });

  it('refuses missing, repeated, foreign or unfinished shards', async () => {
    const dirs = [0, 1, 2].map((i) => join(root, `shard-${i}`));
    await expect(mergeRuns([dirs[0]!, dirs[1]!], join(root, 'm1'))).rejects.toThrow(/shard 2\/3 missing/);
    await expect(mergeRuns([dirs[0]!, dirs[0]!, dirs[1]!], join(root, 'm2'))).rejects.toThrow(/given twice/);
    await expect(mergeRuns([dirs[0]!, join(root, 'whole')], join(root, 'm3'))).rejects.toThrow(/whole is not a shard/);
    await expect(mergeRuns(dirs, join(root, 'merged'))).rejects.toThrow(/already holds a run/);
    const lines = (await readFile(join(dirs[1]!, RECORDS_FILE), 'utf8')).trim().split('\n');
    const partial = join(root, 'partial-1');
    const { config } = await arithmeticRunSetup({ shard: { index: 1, count: 3 } });
    await runEval({ dir: partial, config, task: (await arithmeticRunSetup()).task, problems: [], solve: bestOfNSolver(8) });
    await writeFile(join(partial, RECORDS_FILE), `${lines[0]}\n`);
    await expect(mergeRuns([dirs[0]!, partial, dirs[2]!], join(root, 'm4'))).rejects.toThrow(/partial-1 has 1 of its 4 problems/);
  });
});
