import type { SearchEvent } from '../core/events.js';
import type { OpenAIErrorType } from '../http/openai-error.js';
import type { ReasonResult } from './reasoner.js';
import type { SearchJob } from './search-job.js';

/** Messages between the search pool and its worker threads. */
/** `traced`: the worker writes the live trace and sends its text instead of the events. */
export type ToWorker = { type: 'run'; id: number; job: SearchJob; traced: boolean } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'events'; id: number; events: SearchEvent[] }
  | { type: 'text'; id: number; text: string }
  | { type: 'done'; id: number; result: ReasonResult }
  | { type: 'failed'; id: number; error: WorkerError };

/** An error as plain data: a request error keeps its status and code; `abort` marks a cancelled search. */
export interface WorkerError {
  message: string;
  status?: number;
  type?: OpenAIErrorType;
  param?: string | null;
  code?: string | null;
  abort?: boolean;
}
