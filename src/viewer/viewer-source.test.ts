import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { runEval } from '../eval/run-eval.js';
import { arithmeticRunSetup } from '../eval/test-support/arithmetic-run.js';
import { bestOfNSolver } from '../eval/test-support/arithmetic-task.js';
import { syntheticTree } from './test-support/synthetic-tree.js';
import { openViewerSource } from './viewer-source.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-viewer-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('openViewerSource', () => {
  it('opens a tree file as a list of one', async () => {
    const tree = syntheticTree({ nodes: 30, seed: 5 });
    const file = join(root, 'tree.json');
    await writeFile(file, JSON.stringify(tree));
    const source = await openViewerSource(file);
    expect(source.index.title).toBe('tree.json');
    expect(source.index.problems.map((p) => p.id)).toEqual([tree.problem.id]);
    expect((await source.payload(0)).tree).toEqual(tree);
    await expect(source.payload(1)).rejects.toThrow(InputError);
  });

  it('opens a run folder written by the evaluation harness, with its grades and levels', async () => {
    const dir = join(root, 'run');
    const { config, problems, task } = await arithmeticRunSetup({ count: 5 });
    const result = await runEval({ dir, config, task, problems, solve: bestOfNSolver(4), concurrency: 1 });
    const source = await openViewerSource(dir);
    expect(source.index.problems.map((p) => p.id)).toEqual(result.records.map((r) => r.id));
    for (const [i, record] of result.records.entries()) {
      const row = source.index.problems[i]!;
      expect(row).toMatchObject({ index: i, correct: record.correct, tokens: record.usage.tokensIn + record.usage.tokensOut, search: 'best-of-n' });
      const payload = await source.payload(i);
      expect(payload.tree.problem.id).toBe(record.id);
      expect(row.nodes).toBe(payload.tree.nodes.length);
    }
  });

  it('names what is wrong with a bad path', async () => {
    await expect(openViewerSource(join(root, 'nope'))).rejects.toThrow(/does not exist; expected a run folder/);
    const bad = join(root, 'bad.json');
    await writeFile(bad, '{"schema":"metacot/tree"');
    await expect(openViewerSource(bad)).rejects.toThrow(/not a JSON tree file/);
    await writeFile(bad, JSON.stringify({ ...syntheticTree({ nodes: 3 }), bestId: 9 }));
    await expect(openViewerSource(bad)).rejects.toThrow(/bestId 9 refers to a missing node/);
    await expect(openViewerSource(root)).rejects.toThrow(/not a run folder/);
  });
});
