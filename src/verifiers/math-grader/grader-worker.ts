import { parentPort } from 'node:worker_threads';
import { casEqual } from './cas-equal.js';
import { grade, type GradeCallOptions, type GradeResult } from './grade.js';

/** One check, sent by `GraderPool` to a worker thread. */
export interface GradeJob {
  id: number;
  gold: string;
  pred: string;
  options: GradeCallOptions;
}

export type GradeReply = { id: number; result: GradeResult } | { id: number; error: string } | { ready: true };

parentPort?.on('message', (job: GradeJob) => {
  let reply: GradeReply;
  try {
    reply = { id: job.id, result: grade(job.gold, job.pred, job.options) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});

// Loading the grader takes a moment, and the computer-algebra system (loaded on first use)
// up to seconds on a busy machine: both load before the worker says it is ready, since the
// pool starts a check's clock only after this, and a replacement worker must not time out
// its first check on loading.
casEqual('1', '1');
parentPort?.postMessage({ ready: true } satisfies GradeReply);
