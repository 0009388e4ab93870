import { BudgetTracker, type Budget } from './budget.js';
import { ignoreEvents, type EventSink } from './events.js';
import { createRandom, type Random } from './random.js';
import type { SearchContext } from './reasoning.js';

export interface ContextOptions {
  seed?: string | number;
  random?: Random;
  budget?: Budget;
  signal?: AbortSignal;
  emit?: EventSink;
  /** Clock for the wall-clock budget (injectable for tests). */
  now?: () => number;
}

/** Builds the SearchContext for one search run (seed 0 when none is given). */
export function createContext(options: ContextOptions = {}): SearchContext {
  return {
    random: options.random ?? createRandom(options.seed ?? 0),
    budget: new BudgetTracker(options.budget ?? {}, options.now),
    ...(options.signal ? { signal: options.signal } : {}),
    emit: options.emit ?? ignoreEvents,
  };
}
