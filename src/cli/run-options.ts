import type { Command } from 'commander';
import { addBudgetOptions, type BudgetFlags } from './budget-options.js';
import { addModelOptions, type ModelFlags } from './model-options.js';
import { collect, numberOption, RANGES } from './parse-options.js';

/** The flags addRunOptions declares, as commander hands them over. */
export interface RunFlags extends ModelFlags, BudgetFlags {
  model: string;
  search: string;
  searchOpt: string[];
  verifier?: string;
  out?: string;
  seed: string;
  limit?: number;
  sampleSeed?: string;
  levels?: string;
  ids?: string;
  shard?: string;
  shards?: number;
  concurrency: number;
}

/**
 * The options every command that runs a method over a problem set shares (`eval`,
 * `generate`): how to search and reach the model, where the run folder goes, which
 * problems, the shard, concurrency and the per-problem budget.
 */
export function addRunOptions(command: Command, outHelp: string): Command {
  command
    .option('--search-opt <key=value>', 'a search option (repeatable), e.g. breadth=5', collect, [] as string[])
    .option('--verifier <name>', "value function / verifier (default: the task's)")
    .option('--base-url <urls>', 'OpenAI-compatible server for --model openai:NAME (else OPENAI_BASE_URL); several comma-separated replicas share the load')
    .option('--cache <path>', 'SQLite request cache in front of the model (re-runs replay from it)')
    .option('-o, --out <dir>', outHelp)
    .option('--seed <seed>', 'run seed; each problem draws from seed/problem-id', '0')
    .addOption(numberOption('--limit <n>', 'at most n problems', RANGES.limit))
    .option('--sample-seed <seed>', 'with --limit: a seeded random sample instead of the first n')
    .option('--levels <list>', 'only these difficulty levels (comma-separated)')
    .option('--ids <list>', 'only these problem ids (comma-separated)')
    .option('--shard <i/n>', 'run shard i of n (0-based); join shard folders with metacot merge')
    .addOption(numberOption('--shards <n>', 'run one of n shards, its index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array); writes OUT/shard-i-of-n', { integer: true, min: 1, max: 100_000 }))
    .addOption(numberOption('--concurrency <n>', 'problems searched at once', RANGES.concurrency, 1));
  addModelOptions(command);
  return addBudgetOptions(command, 'per-problem ');
}
