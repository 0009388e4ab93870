import { readFileSync } from 'node:fs';
import { open, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { LOCK_FILE } from './run-layout.js';

/** How often the holder touches the lock file, so other hosts can tell it is alive. */
export const LOCK_HEARTBEAT_MS = 10_000;
/** A lock not touched for this long, whose holder cannot be checked directly, is stale. */
export const LOCK_STALE_MS = 12 * LOCK_HEARTBEAT_MS;

/** Who holds a lock: enough to tell the very process apart from a later one that reuses its pid. */
export interface LockOwner {
  pid: number;
  /** The process's start time as the kernel counts it (Linux: /proc/PID/stat field 22); null where unknown. */
  start: string | null;
  host: string;
}

/**
 * Keeps two processes from appending to one run folder at once (that could duplicate
 * records). The lock file names its holder: pid, process start time and host. A lock left
 * by a killed process is taken over, so a kill -9 never blocks the resume: its pid no
 * longer runs, or it runs but started at another time (the pid was reused by a new
 * process), or — where neither can be checked (another host, no /proc) — the holder
 * stopped touching the lock for LOCK_STALE_MS. Returns the release function.
 */
export async function acquireRunLock(dir: string, options: { now?: () => number } = {}): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  const now = options.now ?? Date.now;
  const me: LockOwner = { pid: process.pid, start: processStartTime(process.pid), host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      const heartbeat = setInterval(() => {
        const t = new Date();
        utimes(path, t, t).catch(() => {});
      }, LOCK_HEARTBEAT_MS);
      heartbeat.unref();
      return async () => {
        clearInterval(heartbeat);
        await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = parseLockOwner(await readFile(path, 'utf8').catch(() => ''));
      const touched = await stat(path).then((s) => s.mtimeMs, () => 0);
      if (owner && owner.pid !== process.pid && holderAlive(owner, now() - touched)) {
        throw new InputError(`run folder ${dir} is being written by process ${owner.pid}${owner.host !== me.host ? ` on ${owner.host}` : ''}; wait for it or stop it (remove ${path} only if that process is gone)`);
      }
      // Stale: the writer is gone. Replace the lock and try again.
      await writeFile(path, '').catch(() => {});
      await unlink(path).catch(() => {});
    }
  }
  throw new InputError(`could not lock run folder ${dir} (${path})`);
}

/** The lock file's holder: the JSON this module writes, or a bare pid (older lock files). */
export function parseLockOwner(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start: null, host: hostname() };
  try {
    const value = JSON.parse(trimmed) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return { pid: value.pid, start: typeof value.start === 'string' ? value.start : null, host: typeof value.host === 'string' ? value.host : hostname() };
  } catch {
    return null;
  }
}

/** Whether the lock's holder still runs; `idleMs` is how long ago the lock was last touched. */
function holderAlive(owner: LockOwner, idleMs: number): boolean {
  if (owner.host !== hostname()) return idleMs < LOCK_STALE_MS; // cannot look at another host's processes
  if (!isRunning(owner.pid)) return false;
  if (owner.start !== null) {
    const start = processStartTime(owner.pid);
    if (start !== null) return start === owner.start; // same pid, other start time: a new process reused it
  }
  // The pid runs, but whether it is the same process cannot be told: trust a lock that is still touched.
  return owner.start === null || idleMs < LOCK_STALE_MS;
}

function isRunning(pid: number): boolean {
  if (procStat(pid)?.[0] === 'Z') return false; // a zombie: dead, only not yet reaped by its parent
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's start time in clock ticks since boot (Linux), or null where /proc is not there. */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null; // field 22 of the whole line
}

/** The fields of /proc/PID/stat from field 3 (the state) on, or null where there is no /proc. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
