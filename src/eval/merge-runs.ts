import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { readRun, type RunFolder } from './read-run.js';
import { CONFIG_FILE, RECORDS_FILE, TREES_DIR } from './run-layout.js';
import { configDifference, INFORMATIONAL_CONFIG_FIELDS, type RunConfig, type RunRecord } from './run-schema.js';
import { writeFileAtomic } from '../core/write-file-atomic.js';

/** Problems shard i of n gets out of `count` (positions i, i+n, i+2n, …). */
export function shardSize(count: number, index: number, shards: number): number {
  return index >= count ? 0 : Math.ceil((count - index) / shards);
}

export interface MergeResult {
  config: RunConfig;
  records: RunRecord[];
}

/**
 * Joins the shard folders of one run into `out`, which then equals the run made without
 * sharding: same config (shard: null), the records in dataset order, every tree. Refuses
 * shards of different runs, missing or repeated shards, and unfinished shards (unless
 * `allowPartial`), naming the folder at fault.
 */
export async function mergeRuns(dirs: readonly string[], out: string, options: { allowPartial?: boolean } = {}): Promise<MergeResult> {
  if (dirs.length === 0) throw new InputError('merge needs at least one shard folder');
  const runs: RunFolder[] = [];
  for (const dir of dirs) runs.push(await readRun(dir));
  const first = runs[0]!;
  const count = first.config.shard?.count;
  for (const run of runs) {
    if (!run.config.shard) throw new InputError(`${run.dir} is not a shard (its config has no shard); merge joins folders made with --shard i/n`);
    const diff = configDifference(first.config, run.config, [...INFORMATIONAL_CONFIG_FIELDS, 'shard']);
    if (diff) throw new InputError(`${run.dir} belongs to a different run than ${first.dir} (config field ${diff} differs)`);
    if (run.config.shard.count !== count) throw new InputError(`${run.dir} is shard ${run.config.shard.index}/${run.config.shard.count} but ${first.dir} is one of ${count}`);
  }
  const byIndex = new Map<number, RunFolder>();
  for (const run of runs) {
    const i = run.config.shard!.index;
    const other = byIndex.get(i);
    if (other) throw new InputError(`shard ${i}/${count} given twice: ${other.dir} and ${run.dir}`);
    byIndex.set(i, run);
  }
  const missing = Array.from({ length: count! }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !options.allowPartial) {
    throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing; pass every shard folder (or --allow-partial)`);
  }
  const total = first.config.selection.count;
  for (const run of runs) {
    const want = shardSize(total, run.config.shard!.index, count!);
    if (run.records.length < want && !options.allowPartial) {
      throw new InputError(`${run.dir} has ${run.records.length} of its ${want} problems; finish it (re-run its command, it resumes) or pass --allow-partial`);
    }
  }
  if (await hasRun(out)) throw new InputError(`--out ${out} already holds a run; merge into a new folder`);

  const seen = new Map<string, string>();
  const records: RunRecord[] = [];
  for (const run of runs) {
    for (const record of run.records) {
      const where = seen.get(record.id);
      if (where) throw new InputError(`problem '${record.id}' is in both ${where} and ${run.dir}`);
      seen.set(record.id, run.dir);
      records.push(record);
    }
  }
  records.sort((a, b) => a.index - b.index);
  const createdAt = runs.map((r) => r.config.createdAt).sort()[0]!;
  const config: RunConfig = { ...first.config, shard: null, createdAt };

  await mkdir(join(out, TREES_DIR), { recursive: true });
  for (const run of runs) {
    for (const record of run.records) {
      if (record.tree === null) continue;
      try {
        await copyFile(join(run.dir, record.tree), join(out, record.tree));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${join(run.dir, record.tree)}: the tree of problem '${record.id}' is missing`);
        throw error;
      }
    }
  }
  await writeFileAtomic(join(out, RECORDS_FILE), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  // The config goes last: a folder with a config is a run, so a crash mid-merge leaves none.
  await writeFileAtomic(join(out, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  return { config, records };
}

/**
 * The shard folders named: a folder that holds no run itself but `shard-i-of-n`
 * sub-folders (what `--shards N` writes under one `--out`) stands for those.
 */
export async function expandShardFolders(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    if (await hasRun(dir)) {
      out.push(dir);
      continue;
    }
    let entries: string[] = [];
    try {
      if ((await stat(dir)).isDirectory()) entries = await readdir(dir);
    } catch {
      // Not there: readRun names it below.
    }
    const shards = entries.filter((e) => /^shard-\d+-of-\d+$/.test(e)).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
    if (shards.length === 0) out.push(dir);
    else out.push(...shards.map((e) => join(dir, e)));
  }
  return out;
}

async function hasRun(dir: string): Promise<boolean> {
  try {
    const entries = await readdir(dir);
    return entries.includes(CONFIG_FILE) || entries.includes(RECORDS_FILE);
  } catch {
    return false;
  }
}
