import type { Command } from 'commander';
import type { Budget } from '../core/budget.js';
import { numberOption, RANGES } from './parse-options.js';

/** The budget flags as commander hands them over. */
export interface BudgetFlags {
  maxPolicyCalls?: number;
  maxTokens?: number;
  maxVerifierCalls?: number;
  timeout?: number;
}

/** Declares the four budget flags every search-running command takes; `scope` prefixes their help (e.g. "per-problem "). */
export function addBudgetOptions(command: Command, scope = ''): Command {
  return command
    .addOption(numberOption('--max-policy-calls <n>', `${scope}budget: policy calls`, RANGES.budgetCount))
    .addOption(numberOption('--max-tokens <n>', `${scope}budget: generated tokens`, RANGES.budgetCount))
    .addOption(numberOption('--max-verifier-calls <n>', `${scope}budget: verifier calls`, RANGES.budgetCount))
    .addOption(numberOption('--timeout <ms>', `${scope}budget: wall-clock milliseconds`, RANGES.timeoutMs));
}

/** The Budget the given flags describe (absent flags: unlimited). The parsers have already checked the values. */
export function budgetFromFlags(flags: BudgetFlags): Budget {
  const budget: Budget = {};
  if (flags.maxPolicyCalls !== undefined) budget.maxPolicyCalls = flags.maxPolicyCalls;
  if (flags.maxTokens !== undefined) budget.maxTokens = flags.maxTokens;
  if (flags.maxVerifierCalls !== undefined) budget.maxVerifierCalls = flags.maxVerifierCalls;
  if (flags.timeout !== undefined) budget.timeoutMs = flags.timeout;
  return budget;
}
