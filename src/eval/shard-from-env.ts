import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseShard, type Shard } from './select-problems.js';

/** The most shards `--shards` accepts (a Kubernetes Indexed Job allows up to 100,000 completions). */
export const MAX_SHARDS = 100_000;

/**
 * The shard a process runs, from `--shard i/n`, or from `--shards N` and the environment
 * of a job array: a Kubernetes Indexed Job sets `JOB_COMPLETION_INDEX` (0 … N−1); a Slurm
 * job array sets `SLURM_ARRAY_TASK_ID` (counted from `SLURM_ARRAY_TASK_MIN`, so
 * `--array=1-8` works as well as `--array=0-7`). Returns null when the run is not sharded.
 */
export function resolveShard(flags: { shard?: string; shards?: number }, env: Record<string, string | undefined> = process.env): Shard | null {
  if (flags.shard !== undefined && flags.shards !== undefined) throw new InputError('give --shard i/n or --shards N (index from the job array), not both');
  if (flags.shard !== undefined) return parseShard(flags.shard);
  if (flags.shards === undefined) return null;
  const count = flags.shards;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) throw new InputError(`--shards must be an integer from 1 to ${MAX_SHARDS}, got ${count}`);
  const k8s = env.JOB_COMPLETION_INDEX;
  const slurm = env.SLURM_ARRAY_TASK_ID;
  let index: number;
  let variable: string;
  if (k8s !== undefined && k8s !== '') {
    variable = 'JOB_COMPLETION_INDEX';
    index = integer(k8s, variable);
  } else if (slurm !== undefined && slurm !== '') {
    variable = 'SLURM_ARRAY_TASK_ID';
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined && env.SLURM_ARRAY_TASK_MIN !== '' ? integer(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') : 0;
    index = integer(slurm, variable) - min;
  } else {
    throw new InputError(`--shards ${count} takes the shard index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (a Slurm job array), and neither is set; give --shard i/n to name it yourself`);
  }
  if (index < 0 || index >= count) throw new InputError(`${variable}=${env[variable]} is outside shards 0…${count - 1} of --shards ${count} (the job's completions or array size must equal --shards)`);
  return { index, count };
}

function integer(raw: string, variable: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new InputError(`${variable} must be a non-negative integer, got '${raw}'`);
  return Number(raw.trim());
}

/**
 * The folder a shard writes: with `--shards`, every process of the job array is given the
 * same `--out`, so each writes its own sub-folder `OUT/shard-i-of-n` (then
 * `metacot merge OUT -o MERGED`); with `--shard i/n`, `--out` is the shard's folder itself.
 */
export function shardRunDir(out: string, shard: Shard | null, fromJobArray: boolean): string {
  return shard && fromJobArray ? join(out, `shard-${shard.index}-of-${shard.count}`) : out;
}
