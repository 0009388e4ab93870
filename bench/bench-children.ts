/**
 * What the server benchmarks share: running parts of themselves as child processes (the
 * server, a stand-in upstream) that report their URL when ready and answer requests for
 * measurements over IPC, and percentiles of the latencies they collect.
 */
import { fork, type ChildProcess } from 'node:child_process';

/** Forks `script` with `--ROLE`; resolves once the child sends `{ type: 'ready', url }`. */
export function spawnChild(script: string, role: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<{ proc: ChildProcess; url: string }> {
  const proc = fork(script, [`--${role}`], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => proc.once('message', (m) => resolve({ proc, url: (m as { url: string }).url })));
}

/** Sends `{ type }` to a child and resolves with its first reply of the same type. */
export function ask<T>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string } & T) => {
      if (m.type !== type) return;
      proc.off('message', on);
      resolve(m);
    };
    proc.on('message', on);
    proc.send({ type });
  });
}

/** The q-quantile (nearest rank) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
