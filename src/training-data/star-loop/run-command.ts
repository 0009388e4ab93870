import { spawn, type ChildProcess } from 'node:child_process';
import { MetacotError } from '../../core/errors.js';

/** Fills `{name}` placeholders of a command template; an unknown one is an error naming it. */
export function fillCommand(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => {
    if (!Object.hasOwn(values, key)) throw new MetacotError(`command '${template}' uses {${key}}; known placeholders: ${Object.keys(values).map((k) => `{${k}}`).join(', ')}`);
    return shellQuote(String(values[key]));
  });
}

/** Quotes a value for a POSIX shell unless it is plainly safe. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a shell command to its end, its output appended line by line to `onLine`.
 * Resolves with the exit code 0, rejects naming the command and its code otherwise; an
 * abort kills the command's process group.
 */
export function runCommand(command: string, options: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnGroup(command, options);
    const onAbort = () => killGroup(child);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', reject);
    child.once('exit', (code, sig) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (code === 0) resolve();
      else reject(new MetacotError(`command failed (${sig ? `killed by ${sig}` : `exit ${code}`}): ${command}`));
    });
  });
}

/** A long-running command (a model server): started in its own process group, stopped with `stop()`. */
export interface BackgroundCommand {
  child: ChildProcess;
  /** True once the process has exited. */
  exited(): boolean;
  stop(): Promise<void>;
}

export function startBackground(command: string, options: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void } = {}): BackgroundCommand {
  const child = spawnGroup(command, options);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  return {
    child,
    exited: () => exited,
    async stop() {
      if (exited) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

function spawnGroup(command: string, options: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void }): ChildProcess {
  // detached: the command gets its own process group, so stopping it stops what it started.
  const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}), env: options.env ?? process.env });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        options.onLine?.(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    stream?.on('end', () => buffer && options.onLine?.(buffer));
  }
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Polls `url` until it answers 2xx (a model server's `/v1/models`), the process exits, or
 * `timeoutMs` passes. Rejects saying which.
 */
export async function waitForHttp(url: string, options: { timeoutMs?: number; intervalMs?: number; exited?: () => boolean; signal?: AbortSignal; fetch?: typeof globalThis.fetch } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const doFetch = options.fetch ?? globalThis.fetch;
  for (;;) {
    if (options.signal?.aborted) throw new MetacotError(`stopped while waiting for ${url}`);
    if (options.exited?.()) throw new MetacotError(`the serving command exited before ${url} answered`);
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new MetacotError(`${url} did not answer within ${options.timeoutMs ?? 600_000} ms`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}
