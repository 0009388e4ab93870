import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { resolveShard, shardRunDir } from './shard-from-env.js';

describe('the shard from a job array', () => {
  it('reads a Kubernetes Indexed Job and a Slurm array (counted from its first task id)', () => {
    expect(resolveShard({ shards: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(resolveShard({ shards: 4 }, { SLURM_ARRAY_TASK_ID: '0' })).toEqual({ index: 0, count: 4 });
    expect(resolveShard({ shards: 4 }, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
    expect(resolveShard({ shard: '1/2' }, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 2 });
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '0' })).toBeNull();
  });

  it('refuses what cannot be a shard, naming the variable', () => {
    expect(() => resolveShard({ shards: 4 }, {})).toThrow(InputError);
    expect(() => resolveShard({ shards: 4 }, { JOB_COMPLETION_INDEX: '4' })).toThrow('JOB_COMPLETION_INDEX=4 is outside shards 0…3 of --shards 4');
    expect(() => resolveShard({ shards: 4 }, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '1' })).toThrow('SLURM_ARRAY_TASK_ID=0 is outside shards 0…3');
    expect(() => resolveShard({ shards: 4 }, { JOB_COMPLETION_INDEX: 'x' })).toThrow("JOB_COMPLETION_INDEX must be a non-negative integer, got 'x'");
    expect(() => resolveShard({ shards: 0 }, { JOB_COMPLETION_INDEX: '0' })).toThrow('--shards must be an integer from 1 to 100000');
    expect(() => resolveShard({ shards: 2, shard: '0/2' }, {})).toThrow('not both');
  });

  it('puts each shard of a job array in its own sub-folder of --out', () => {
    expect(shardRunDir('/runs/x', { index: 2, count: 4 }, true)).toBe('/runs/x/shard-2-of-4');
    expect(shardRunDir('/runs/x', { index: 2, count: 4 }, false)).toBe('/runs/x');
    expect(shardRunDir('/runs/x', null, false)).toBe('/runs/x');
  });
});
