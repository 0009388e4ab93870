import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readRun } from '../../eval/read-run.js';
import { configDifference } from '../../eval/run-schema.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

// The sharded eval as a Kubernetes Indexed Job runs it: N real processes, each given only
// the Job's variable (JOB_COMPLETION_INDEX) and the same command with --shards N and one
// --out, then `metacot merge` on that folder — the scores must equal one unsharded run.

const root = await mkdtemp(join(tmpdir(), 'metacot-job-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const CLI = fileURLToPath(new URL('../test-support/cli-process.ts', import.meta.url));
const EVAL = ['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'best-first', '--limit', '7', '--seed', '3'];

function runProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('eval as a Kubernetes Indexed Job', () => {
  it('N processes with the Job variables, merged, score as one run', async () => {
    const job = join(root, 'job');
    const shards = 3;
    const results = await Promise.all(
      Array.from({ length: shards }, (_, i) => runProcess([...EVAL, '--shards', String(shards), '--out', job], { JOB_COMPLETION_INDEX: String(i) })),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect((await readdir(job)).sort()).toEqual(['shard-0-of-3', 'shard-1-of-3', 'shard-2-of-3']);

    const merged = join(root, 'merged');
    const m = await runCliCaptured(['merge', job, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toBe(`merged 3 shard(s) into ${merged}: 7/7 problems, 7 correct\n`);

    const single = join(root, 'single');
    const one = await runCliCaptured([...EVAL, '--out', single]);
    expect(one.code, one.stderr).toBe(0);

    const [a, b] = await Promise.all([runCliCaptured(['score', merged, '--json']), runCliCaptured(['score', single, '--json'])]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    const [mergedRun, singleRun] = await Promise.all([readRun(merged, { trees: true }), readRun(single, { trees: true })]);
    expect(configDifference(mergedRun.config, singleRun.config)).toBeNull();
    expect(mergedRun.records.map((r) => [r.id, r.answer, r.correct, r.candidates.length])).toEqual(singleRun.records.map((r) => [r.id, r.answer, r.correct, r.candidates.length]));
    expect(mergedRun.config.command).toContain('--shards');
  }, 120_000);

  it('names the missing or out-of-range job variable', async () => {
    const out = join(root, 'bad');
    const none = await runCliCaptured([...EVAL, '--shards', '2', '--out', out]);
    // vitest's own process may carry neither variable; the message says where the index comes from.
    if (process.env.JOB_COMPLETION_INDEX === undefined && process.env.SLURM_ARRAY_TASK_ID === undefined) {
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/--shards 2 takes the shard index from JOB_COMPLETION_INDEX \(a Kubernetes Indexed Job\) or SLURM_ARRAY_TASK_ID/);
    }
    const both = await runCliCaptured([...EVAL, '--shards', '2', '--shard', '0/2', '--out', out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --shard i\/n or --shards N/);
  });
});
