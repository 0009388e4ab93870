import type { Budget } from '../core/budget.js';
import type { Json } from '../core/json.js';
import type { ChatMessage } from '../models/language-model.js';
import type { ReasonRequest } from './reasoner.js';
import type { SearchCatalog } from './strategy.js';

/**
 * A ReasonRequest as plain data, to cross to a worker thread: the search is named by
 * its algorithm and its full options rather than passed as an object.
 */
export interface SearchJob {
  messages: ChatMessage[];
  search: { name: string; options: Record<string, Json> };
  model: string | null;
  verifier: string | null;
  budget: Budget;
  seed: string | number;
  temperature?: number;
  topP?: number;
}

export function toSearchJob(request: ReasonRequest): SearchJob {
  return {
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    search: { name: request.algorithm.name, options: request.options },
    model: request.model,
    verifier: request.verifier,
    budget: { ...request.budget },
    seed: request.seed,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
  };
}

export function fromSearchJob(job: SearchJob, catalog: SearchCatalog): ReasonRequest {
  const { algorithm, options } = catalog.byName(job.search.name, job.search.options);
  return {
    messages: job.messages,
    algorithm,
    options,
    model: job.model,
    verifier: job.verifier,
    budget: job.budget,
    seed: job.seed,
    ...(job.temperature !== undefined ? { temperature: job.temperature } : {}),
    ...(job.topP !== undefined ? { topP: job.topP } : {}),
  };
}
