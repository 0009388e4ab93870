import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, TREES_DIR } from './run-layout.js';
import { acquireRunLock, LOCK_STALE_MS, parseLockOwner, processStartTime } from './run-lock.js';
import { runEval } from './run-eval.js';
import { arithmeticRunSetup } from './test-support/arithmetic-run.js';
import { bestOfNSolver } from './test-support/arithmetic-task.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'metacot-lock-'));
const hasProc = processStartTime(process.pid) !== null;

/** A live process other than this one (a sleeping child), stopped by the returned function. */
function otherProcess(): { pid: number; stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { pid: child.pid!, stop: () => (child.kill('SIGKILL'), exited) };
}

describe('run lock', () => {
  it('refuses a second writer while the holder lives, and frees the folder on release', async () => {
    const dir = fresh();
    const other = otherProcess();
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, start: processStartTime(other.pid), host: hostname() }));
      await expect(acquireRunLock(dir)).rejects.toThrow(new RegExp(`being written by process ${other.pid}`));
    } finally {
      await other.stop();
    }
    const release = await acquireRunLock(dir);
    expect(parseLockOwner(readdirSync(dir).includes(LOCK_FILE) ? (await import('node:fs')).readFileSync(join(dir, LOCK_FILE), 'utf8') : '')).toMatchObject({ pid: process.pid });
    await release();
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
  });

  it.skipIf(!hasProc)('takes over a lock whose pid was reused by another process (start time differs)', async () => {
    const dir = fresh();
    const other = otherProcess();
    try {
      // The lock names a live pid, but with a start time that pid's process does not have: the writer died, the pid was reused.
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, start: '1', host: hostname() }));
      const release = await acquireRunLock(dir);
      await release();
    } finally {
      await other.stop();
    }
  });

  it('takes over a lock of a pid that no longer runs, in the old bare-pid form too', async () => {
    const dir = fresh();
    const other = otherProcess();
    await other.stop();
    writeFileSync(join(dir, LOCK_FILE), String(other.pid));
    await (await acquireRunLock(dir))();
  });

  it('a lock from another host counts while its holder touches it, and is stale after LOCK_STALE_MS', async () => {
    const dir = fresh();
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: 12345, start: '99', host: 'elsewhere' }));
    await expect(acquireRunLock(dir)).rejects.toThrow(/process 12345 on elsewhere/);
    const old = new Date(Date.now() - LOCK_STALE_MS - 1000);
    utimesSync(lock, old, old);
    await (await acquireRunLock(dir))();
  });

  it('a resumed run removes the temp files a killed writer left', async () => {
    const dir = fresh();
    await mkdir(join(dir, TREES_DIR), { recursive: true });
    writeFileSync(join(dir, TREES_DIR, 'p1.json.4242.tmp'), '{"half');
    writeFileSync(join(dir, TREES_DIR, 'p2.json.77.tmp'), '');
    writeFileSync(join(dir, 'config.json.4242.tmp'), '{');
    const { config, problems, task } = await arithmeticRunSetup({ count: 3 });
    await runEval({ dir, config, task, problems, solve: bestOfNSolver(2) });
    expect(readdirSync(join(dir, TREES_DIR)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(dir, TREES_DIR))).toHaveLength(3);
  });
});
