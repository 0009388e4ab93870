import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AbortError } from '../../core/errors.js';
import type { GradeCallOptions, GradeResult } from './grade.js';
import type { GradeJob, GradeReply } from './grader-worker.js';

export interface GraderPoolOptions {
  /** Worker threads (default: CPU count minus one, at least 1). */
  size?: number;
  /** Hard limit per check in ms (default 2000); a stuck worker is killed and replaced. */
  timeoutMs?: number;
  /** Options for every check (a call may override them). */
  gradeOptions?: GradeCallOptions;
}

interface Pending {
  job: GradeJob;
  resolve: (r: GradeResult) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the grader (start-up time does not count against a check). */
  ready: boolean;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Grades in worker threads with a hard per-check timeout, so that no input (`100000!`,
 * deeply nested fractions, megabyte strings) can hang or crash the caller. A check that
 * runs out of time is reported as `{equal: false, reason: 'timeout'}`.
 */
export class GraderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly timeoutMs: number;
  private readonly defaults: GradeCallOptions;
  private nextId = 1;
  private closed = false;

  constructor(options: GraderPoolOptions = {}) {
    const size = options.size ?? Math.max(1, cpus().length - 1);
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.defaults = options.gradeOptions ?? {};
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  grade(gold: string, pred: string, options?: GradeCallOptions, signal?: AbortSignal): Promise<GradeResult> {
    if (this.closed) return Promise.reject(new Error('grader pool is closed'));
    if (signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<GradeResult>((resolve, reject) => {
      const job: GradeJob = { id: this.nextId++, gold, pred, options: { ...this.defaults, ...options } };
      const pending: Pending = { job, resolve, reject, ...(signal ? { signal } : {}) };
      signal?.addEventListener('abort', () => this.abort(pending), { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Grades many pairs; results come back in input order. */
  gradeMany(pairs: ReadonlyArray<{ gold: string; pred: string; options?: GradeCallOptions }>, signal?: AbortSignal): Promise<GradeResult[]> {
    return Promise.all(pairs.map((p) => this.grade(p.gold, p.pred, p.options, signal)));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new AbortError('grader pool closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.busy?.reject(new AbortError('grader pool closed'));
        slot.busy = null;
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const slot = { busy: null, timer: null } as unknown as Slot;
    this.attach(slot);
    return slot;
  }

  /** Gives the slot a fresh worker; events of replaced workers are ignored. */
  private attach(slot: Slot): void {
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: GradeReply) => {
      if (slot.worker !== worker) return;
      if ('ready' in reply) {
        slot.ready = true;
        this.pump();
      } else this.finish(slot, reply);
    });
    worker.on('error', () => {
      if (slot.worker === worker) this.replace(slot, { equal: false, reason: 'error' });
    });
    worker.on('exit', () => {
      if (slot.worker === worker && slot.busy && !this.closed) this.replace(slot, { equal: false, reason: 'error' });
    });
    slot.worker = worker;
    slot.ready = false;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || !slot.ready) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = next;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.replace(slot, { equal: false, reason: 'timeout' }), this.timeoutMs);
      slot.worker.postMessage(next.job);
    }
  }

  private finish(slot: Slot, reply: Exclude<GradeReply, { ready: true }>): void {
    const pending = slot.busy;
    if (!pending || pending.job.id !== reply.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.busy = null;
    slot.timer = null;
    slot.worker.unref();
    if ('result' in reply) pending.resolve(reply.result);
    else pending.resolve({ ...blank(pending.job), equal: false, reason: 'error' });
    this.pump();
  }

  /** Kills the slot's worker (stuck or crashed), answers its job, and starts a fresh one. */
  private replace(slot: Slot, verdict: Pick<GradeResult, 'equal' | 'reason'>): void {
    const pending = slot.busy;
    this.restart(slot);
    if (pending) pending.resolve({ ...blank(pending.job), ...verdict });
    this.pump();
  }

  private restart(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.busy = null;
    slot.timer = null;
    const old = slot.worker;
    if (!this.closed) this.attach(slot);
    void old.terminate();
  }

  private abort(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      pending.reject(new AbortError());
      return;
    }
    const slot = this.slots.find((s) => s.busy === pending);
    if (slot) {
      // The worker may be mid-check: replace it so the aborted work stops now.
      this.restart(slot);
      pending.reject(new AbortError());
      this.pump();
    }
  }
}

function blank(job: GradeJob): GradeResult {
  return { equal: false, reason: 'error', gold: job.gold, pred: job.pred, extraction: 'given' };
}

/**
 * The compiled worker (`grader-worker.js`) when running from dist; from source (tests,
 * tsx) the TypeScript file is loaded through tsx's loader.
 */
function startWorker(): Worker {
  const js = new URL('./grader-worker.js', import.meta.url);
  // A memory cap, so that an input that balloons kills only its worker, never the caller.
  const resourceLimits = { maxOldGenerationSizeMb: 512 };
  if (existsSync(fileURLToPath(js))) return new Worker(js, { resourceLimits });
  const ts = pathToFileURL(fileURLToPath(new URL('./grader-worker.ts', import.meta.url))).href;
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}
