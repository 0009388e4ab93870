import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { type TraceTree } from '../core/tree-schema.js';
import { parseTree } from '../core/parse-tree.js';
import { readRecords } from './record-log.js';
import { CONFIG_FILE } from './run-layout.js';
import { parseRunConfig, type RunConfig, type RunRecord } from './run-schema.js';

export interface RunFolder {
  dir: string;
  config: RunConfig;
  /** Finished problems in dataset order (by `index`), whatever order they finished in. */
  records: RunRecord[];
  /** Trees by problem id; filled only when asked for with `{ trees: true }`. */
  trees: Map<string, TraceTree>;
}

/** Reads and validates a run's config.json. */
export async function readRunConfig(dir: string): Promise<RunConfig> {
  const file = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(`${dir} is not a run folder: ${file} does not exist (make one with 'metacot eval')`);
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: malformed JSON (${(error as Error).message})`);
  }
  return parseRunConfig(value, file);
}

/** Reads one problem's tree from a run folder (validated against the trace schema). */
export async function readRunTree(dir: string, record: Pick<RunRecord, 'id' | 'tree'>): Promise<TraceTree | null> {
  if (record.tree === null) return null;
  const file = join(dir, record.tree);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: the tree of problem '${record.id}' is missing`);
    throw error;
  }
  try {
    return parseTree(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof SyntaxError) throw new InputError(`${file}: malformed JSON (${error.message})`);
    throw error;
  }
}

/**
 * The reader API for run folders (what `score`, `report`, `merge` and the viewer use):
 * the config, the records in dataset order and, with `{ trees: true }`, every tree.
 */
export async function readRun(dir: string, options: { trees?: boolean } = {}): Promise<RunFolder> {
  const config = await readRunConfig(dir);
  const { records } = await readRecords(dir);
  records.sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const trees = new Map<string, TraceTree>();
  if (options.trees) {
    for (const record of records) {
      const tree = await readRunTree(dir, record);
      if (tree) trees.set(record.id, tree);
    }
  }
  return { dir, config, records, trees };
}
