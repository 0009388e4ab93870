import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AbortError } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import { ServerRequestError } from '../http/openai-error.js';
import type { ReasonerConfig } from './reasoner-config.js';
import type { ReasonResult } from './reasoner.js';
import type { SearchJob } from './search-job.js';
import type { FromWorker, ToWorker, WorkerError } from './search-worker-protocol.js';

/** `cpu`: a search the worker computes (the offline solver); `io`: one that mostly waits on an upstream model. */
export type SearchKind = 'cpu' | 'io';

export interface SearchPoolOptions {
  /** What each worker builds its Reasoner from. */
  config: ReasonerConfig;
  /** Worker threads (default: the machine's cores, `os.availableParallelism()`). */
  workers?: number;
  /** Searches that may wait for a worker beyond those running; more are refused (429). Default 64. */
  queue?: number;
  /** Searches over an upstream model one worker runs at once (they mostly wait on the network). Default 16. */
  ioPerWorker?: number;
  /** A cancelled (or overdue) search whose worker does not stop it within this is ended by replacing the worker. Default 2000 ms. */
  graceMs?: number;
  /** Memory limit of each worker's heap (default 1024 MiB): a runaway search kills its worker, not the server. */
  maxHeapMb?: number;
}

/** A place in the pool, taken before the response starts (so a full pool is a clean 429). */
export interface PoolTicket {
  readonly kind: SearchKind;
  /** Gives the place back when the search will not be run after all. */
  release(): void;
}

interface Job {
  id: number;
  kind: SearchKind;
  job: SearchJob;
  emit: EventSink | null;
  /** Receives the live trace's text when the worker writes the trace (`runTraced`). */
  onText: ((text: string) => void) | null;
  ticket: PoolTicket;
  /** The caller was answered (result, error, or its client left): later events are dropped. */
  answered: boolean;
  settle: (outcome: { result: ReasonResult } | { error: Error }) => void;
  slot: Slot | null;
  timers: NodeJS.Timeout[];
  detach: () => void;
}

interface Slot {
  worker: Worker;
  cpu: Job | null;
  io: Set<Job>;
}

/**
 * Runs searches in worker threads, sized to the cores, so that no search or model
 * inference holds the server's event loop: `/health` and every other request stay fast
 * however many searches run. A worker runs one offline (CPU-bound) search at a time and
 * up to `ioPerWorker` searches over an upstream model; the rest wait in a bounded FIFO
 * queue, and past it `admit` refuses at once. Aborting a search's signal answers its
 * caller at once and cancels the search in its worker; a worker that does not stop
 * within `graceMs` (a search that never yields) is terminated and replaced, as is one
 * that crashes or runs out of memory. A search's place is freed only when its worker
 * has really stopped it, so cancelled work never piles up beyond the pool's size.
 */
export class SearchPool {
  readonly workers: number;
  readonly queueLimit: number;
  private readonly ioPerWorker: number;
  private readonly graceMs: number;
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private readonly jobs = new Map<number, Job>();
  private readonly admitted = { cpu: 0, io: 0 };
  private nextId = 1;
  private closed = false;
  /** Workers replaced because a search would not stop or a worker died. */
  replaced = 0;

  constructor(private readonly options: SearchPoolOptions) {
    this.workers = options.workers ?? availableParallelism();
    this.queueLimit = options.queue ?? 64;
    this.ioPerWorker = options.ioPerWorker ?? 16;
    this.graceMs = options.graceMs ?? 2000;
    if (!Number.isInteger(this.workers) || this.workers < 1) throw new RangeError(`search workers must be a positive integer, got ${this.workers}`);
    if (!Number.isInteger(this.queueLimit) || this.queueLimit < 0) throw new RangeError(`search queue must be a non-negative integer, got ${this.queueLimit}`);
    for (let k = 0; k < this.workers; k++) this.slots.push(this.spawn());
  }

  /** Searches on workers and waiting for one. */
  get stats(): { workers: number; running: number; queued: number; queueLimit: number; replaced: number } {
    return { workers: this.workers, running: this.jobs.size - this.waiting.length, queued: this.waiting.length, queueLimit: this.queueLimit, replaced: this.replaced };
  }

  /** A place for one search, or null when the workers are busy and the queue is full. */
  admit(kind: SearchKind): PoolTicket | null {
    const capacity = (kind === 'cpu' ? this.workers : this.workers * this.ioPerWorker) + this.queueLimit;
    if (this.closed || this.admitted[kind] >= capacity) return null;
    this.admitted[kind]++;
    let released = false;
    return {
      kind,
      release: () => {
        if (released) return;
        released = true;
        this.admitted[kind]--;
      },
    };
  }

  /**
   * Runs `job` on a worker once one is free. Events reach `emit` as the search makes them
   * or, given `{ text }`, the worker writes the live trace and its text reaches `text`.
   * Aborting `signal` cancels the search.
   */
  run(ticket: PoolTicket, job: SearchJob, sink: EventSink | { text: (text: string) => void }, signal: AbortSignal): Promise<ReasonResult> {
    if (signal.aborted || this.closed) {
      ticket.release();
      return Promise.reject(new AbortError());
    }
    return new Promise<ReasonResult>((resolve, reject) => {
      const onAbort = () => this.cancel(entry);
      const entry: Job = {
        id: this.nextId++,
        kind: ticket.kind,
        job,
        emit: typeof sink === 'function' ? sink : null,
        onText: typeof sink === 'function' ? null : sink.text,
        ticket,
        answered: false,
        timers: [],
        slot: null,
        settle: (outcome) => {
          if (entry.answered) return;
          entry.answered = true;
          signal.removeEventListener('abort', onAbort);
          if ('result' in outcome) resolve(outcome.result);
          else reject(outcome.error);
        },
        detach: () => {
          for (const t of entry.timers) clearTimeout(t);
          signal.removeEventListener('abort', onAbort);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.jobs.set(entry.id, entry);
      this.waiting.push(entry);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.jobs.values()]) {
      job.settle({ error: new AbortError('the server is shutting down') });
      this.free(job);
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Starts waiting searches on free workers, oldest first (a search over a model may pass an offline one that has no worker yet). */
  private dispatch(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const job = this.waiting[i]!;
      const slot = this.freeSlot(job.kind);
      if (!slot) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      job.slot = slot;
      if (job.kind === 'cpu') slot.cpu = job;
      else slot.io.add(job);
      const timeoutMs = job.job.budget.timeoutMs;
      // The search's own clock ends it at its time budget; this only catches one that does not stop.
      if (timeoutMs !== undefined) {
        job.timers.push(setTimeout(() => {
          job.settle({ error: new Error(`the search overran its time budget of ${timeoutMs} ms and was stopped`) });
          if (job.slot) this.replace(job.slot, 'a search overran its time budget');
        }, timeoutMs + this.graceMs));
      }
      slot.worker.postMessage({ type: 'run', id: job.id, job: job.job, traced: job.onText !== null } satisfies ToWorker);
    }
  }

  private freeSlot(kind: SearchKind): Slot | null {
    let best: Slot | null = null;
    for (const slot of this.slots) {
      if (kind === 'cpu' ? slot.cpu !== null : slot.io.size >= this.ioPerWorker) continue;
      if (!best || slot.io.size + (slot.cpu ? 1 : 0) < best.io.size + (best.cpu ? 1 : 0)) best = slot;
    }
    return best;
  }

  /** The caller went away: answer it now; drop the search from the queue, or stop it in its worker (replaced if it does not stop in time). */
  private cancel(job: Job): void {
    job.settle({ error: new AbortError() });
    const slot = job.slot;
    if (!slot) {
      this.free(job);
      return;
    }
    slot.worker.postMessage({ type: 'cancel', id: job.id } satisfies ToWorker);
    job.timers.push(setTimeout(() => {
      if (job.slot === slot) this.replace(slot, `a search did not stop within ${this.graceMs} ms of being cancelled`);
    }, this.graceMs));
  }

  /** Frees the place of a search that has ended (or will never start). */
  private free(job: Job): void {
    if (!this.jobs.delete(job.id)) return;
    job.detach();
    const queued = this.waiting.indexOf(job);
    if (queued >= 0) this.waiting.splice(queued, 1);
    if (job.slot) {
      if (job.slot.cpu === job) job.slot.cpu = null;
      job.slot.io.delete(job);
      job.slot = null;
    }
    job.ticket.release();
    this.dispatch();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') return;
    const job = this.jobs.get(message.id);
    if (!job || job.slot !== slot) return;
    if (message.type === 'events') {
      if (!job.answered && job.emit) for (const event of message.events) job.emit(event);
      return;
    }
    if (message.type === 'text') {
      if (!job.answered) job.onText?.(message.text);
      return;
    }
    job.settle(message.type === 'done' ? { result: message.result } : { error: toError(message.error) });
    this.free(job);
  }

  private replace(slot: Slot, why: string): void {
    this.replaced++;
    const old = slot.worker;
    old.removeAllListeners();
    void old.terminate();
    for (const job of [...slot.io, ...(slot.cpu ? [slot.cpu] : [])]) {
      job.settle({ error: new Error(`search worker restarted: ${why}`) });
      this.free(job);
    }
    if (this.closed) return;
    this.attach(slot, startWorker(this.options.config, this.options.maxHeapMb ?? 1024));
    this.dispatch();
  }

  private spawn(): Slot {
    const slot: Slot = { worker: undefined as unknown as Worker, cpu: null, io: new Set() };
    this.attach(slot, startWorker(this.options.config, this.options.maxHeapMb ?? 1024));
    return slot;
  }

  private attach(slot: Slot, worker: Worker): void {
    slot.worker = worker;
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (error) => this.replace(slot, error.message));
    worker.on('exit', (code) => {
      if (!this.closed && slot.worker === worker) this.replace(slot, `it exited with code ${code}`);
    });
    worker.unref();
  }
}

function toError(error: WorkerError): Error {
  if (error.status !== undefined) return new ServerRequestError(error.status, error.message, error.type, error.param ?? null, error.code ?? null);
  if (error.abort) return new AbortError(error.message);
  return new Error(error.message);
}

/**
 * The compiled worker (`search-worker.js`) when running from dist; from source (tests,
 * tsx) the TypeScript file is loaded through tsx's loader.
 */
function startWorker(config: ReasonerConfig, maxHeapMb: number): Worker {
  const js = new URL('./search-worker.js', import.meta.url);
  const options = { workerData: { config }, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } };
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const ts = pathToFileURL(fileURLToPath(new URL('./search-worker.ts', import.meta.url))).href;
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(code, { ...options, eval: true });
}
