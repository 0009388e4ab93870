import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { LOCK_FILE } from './run-layout.js';

/**
 * Keeps two processes from appending to one run folder at once (that could duplicate
 * records). The lock file holds the writer's pid; a lock left by a killed process (its
 * pid no longer runs) is taken over, so a kill -9 never blocks the resume.
 */
export async function acquireRunLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new InputError(`run folder ${dir} is being written by process ${pid}; wait for it or stop it (remove ${path} only if that process is gone)`);
      }
      // Stale: the writer is gone. Replace the lock and try again.
      await writeFile(path, '').catch(() => {});
      await unlink(path).catch(() => {});
    }
  }
  throw new InputError(`could not lock run folder ${dir} (${path})`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
