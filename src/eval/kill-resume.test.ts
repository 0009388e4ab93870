import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { readRun } from './read-run.js';
import { RECORDS_FILE, TREES_DIR } from './run-layout.js';
import { runEval } from './run-eval.js';
import { arithmeticRunSetup, comparable } from './test-support/arithmetic-run.js';
import { bestOfNSolver } from './test-support/arithmetic-task.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-kill-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function lineCount(file: string): Promise<number> {
  try {
    return (await readFile(file, 'utf8')).split('\n').length - 1;
  } catch {
    return 0;
  }
}

it('a real kill -9 of the writing process loses only problems in flight; the resume equals an uninterrupted run', async () => {
  const dir = join(root, 'killed');
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./test-support/eval-child.ts', import.meta.url)), dir, '15'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while ((await lineCount(join(dir, RECORDS_FILE))) < 6) {
    if (Date.now() > deadline) throw new Error(`child made no progress: ${stderr}`);
    if (child.exitCode !== null) throw new Error(`child exited early (${child.exitCode}): ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill('SIGKILL');
  await exited;
  const before = await lineCount(join(dir, RECORDS_FILE));
  expect(before).toBeGreaterThanOrEqual(6);
  expect(before).toBeLessThan(40);

  const { config, problems, task } = await arithmeticRunSetup({ count: 40 });
  const resumed = await runEval({ dir, config, task, problems, solve: bestOfNSolver(8), concurrency: 2 });
  expect(resumed.resumed).toBe(before);
  expect(resumed.ran).toBe(40 - before);

  const reference = join(root, 'reference');
  await runEval({ dir: reference, config, task, problems, solve: bestOfNSolver(8), concurrency: 4 });
  expect(comparable((await readRun(dir)).records)).toEqual(comparable((await readRun(reference)).records));
  expect(await lineCount(join(dir, RECORDS_FILE))).toBe(40);
  // Whatever temp files the kill left beside the trees, the resume removed them.
  expect((await readdir(join(dir, TREES_DIR))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});
