/**
 * A search worker thread (see search-pool.ts): builds the server's Reasoner from the
 * config it is given, then runs the searches it is sent, reporting their events in
 * batches, and aborts one when told to. Model inference and search bookkeeping happen
 * here, so the server's event loop only relays bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchEvent } from '../core/events.js';
import { isAbortError } from '../core/errors.js';
import { LiveTrace } from './live-trace.js';
import { ServerRequestError } from '../http/openai-error.js';
import { reasonerFromConfig, type ReasonerConfig } from './reasoner-config.js';
import { registryCatalog } from './search-catalog.js';
import { fromSearchJob, type SearchJob } from './search-job.js';
import type { ToWorker, WorkerError } from './search-worker-protocol.js';

const port = parentPort!;
const { config } = workerData as { config: ReasonerConfig };
const built = reasonerFromConfig(config);
const catalog = registryCatalog();
const running = new Map<number, AbortController>();

/** Events are sent in batches (one message per turn of the loop), not one message each. */
const FLUSH_AT = 256;

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') running.get(message.id)?.abort();
  else if (message.type === 'run') void run(message.id, message.job, message.traced);
});

async function run(id: number, job: SearchJob, traced: boolean): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  let batch: SearchEvent[] = [];
  let text = '';
  let scheduled = false;
  const trace = traced ? new LiveTrace() : null;
  const flush = () => {
    scheduled = false;
    if (text) port.postMessage({ type: 'text', id, text });
    text = '';
    if (batch.length === 0) return;
    port.postMessage({ type: 'events', id, events: batch });
    batch = [];
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  const emit = (event: SearchEvent) => {
    if (trace) {
      // Only the text crosses to the server: a fast search makes far more events than lines.
      text += trace.push(event);
      if (text) schedule();
      return;
    }
    batch.push(event);
    if (batch.length >= FLUSH_AT) flush();
    else schedule();
  };
  try {
    const search = built.reasoner.prepare(fromSearchJob(job, catalog));
    const result = await search.run(emit, controller.signal);
    flush();
    port.postMessage({ type: 'done', id, result });
  } catch (error) {
    flush();
    port.postMessage({ type: 'failed', id, error: describe(error, controller.signal.aborted) });
  } finally {
    running.delete(id);
  }
}

function describe(error: unknown, aborted: boolean): WorkerError {
  if (error instanceof ServerRequestError) return { message: error.message, status: error.status, type: error.type, param: error.param, code: error.code };
  return { message: error instanceof Error ? error.message : String(error), ...(aborted || isAbortError(error) ? { abort: true } : {}) };
}

port.postMessage({ type: 'ready' });
