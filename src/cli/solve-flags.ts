import type { ServerKind } from '../models/server-probe.js';
import type { BudgetFlags } from './budget-options.js';

/** The flags of `metacot solve`, in their own module so the command and the solver it loads do not import each other. */
export const SOLVE_FORMATS = ['meta-cot', 'sos', 'optimal-path'] as const;
export const SOLVE_TASKS = ['game24', 'countdown'] as const;

export interface SolveFlags extends BudgetFlags {
  task: (typeof SOLVE_TASKS)[number];
  target?: number;
  model?: string;
  search?: string;
  searchOpt: string[];
  value: string;
  format: (typeof SOLVE_FORMATS)[number];
  seed: string;
  json?: boolean;
  baseUrl?: string;
  cache?: string;
  serverKind?: ServerKind | 'auto';
  chatTemplate?: string;
}
