import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { TraceTree } from '../core/tree-schema.js';
import { readJsonAt, readJsonlRows } from './jsonl-rows.js';
import { readRunConfig, readRunTree } from './read-run.js';
import { RECORDS_FILE } from './run-layout.js';
import { parseRecord, type RunConfig, type RunRecord } from './run-schema.js';

/** Where one record lies in records.jsonl, plus what the reader chose to keep of it. */
export interface RunEntry<T> {
  id: string;
  index: number;
  line: number;
  offset: number;
  bytes: number;
  kept: T;
}

/**
 * A run folder read in one streaming pass: the config and, per finished problem in
 * dataset order, where its record is and a small digest of it. Memory grows with the
 * number of problems (about a hundred bytes each plus the digest), never with the size of
 * records or trees; records and trees are read again one at a time when needed.
 */
export interface RunIndex<T> {
  dir: string;
  config: RunConfig;
  entries: RunEntry<T>[];
}

/**
 * Indexes a run folder: validates every record as `readRun` does (a torn last line is
 * dropped, a bad line or a repeated id is an error naming file and line) and keeps
 * `keep(record)` of each.
 */
export async function indexRun<T = null>(dir: string, keep: (record: RunRecord, config: RunConfig) => T = () => null as T): Promise<RunIndex<T>> {
  const config = await readRunConfig(dir);
  const file = join(dir, RECORDS_FILE);
  const seen = new Map<string, number>();
  const entries: RunEntry<T>[] = [];
  for await (const row of readJsonlRows(file, { tolerateTornTail: true, missingIsEmpty: true })) {
    const record = parseRecord(row.value, `${file}:${row.line}`);
    const first = seen.get(record.id);
    if (first !== undefined) throw new InputError(`${file}:${row.line}: problem '${record.id}' already recorded on line ${first}`);
    seen.set(record.id, row.line);
    entries.push({ id: record.id, index: record.index, line: row.line, offset: row.offset, bytes: row.bytes, kept: keep(record, config) });
  }
  entries.sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { dir, config, entries };
}

/** The records of an indexed run, in dataset order, read one at a time. */
export async function* indexedRecords<T>(run: RunIndex<T>): AsyncGenerator<RunRecord> {
  const file = join(run.dir, RECORDS_FILE);
  const handle = await open(file, 'r');
  try {
    for (const entry of run.entries) {
      const where = `${file}:${entry.line}`;
      yield parseRecord(await readJsonAt(handle, entry.offset, entry.bytes, where), where);
    }
  } finally {
    await handle.close();
  }
}

/** Each record of an indexed run with its tree (null when the run saved none), one at a time. */
export async function* indexedSearches<T>(run: RunIndex<T>): AsyncGenerator<{ record: RunRecord; tree: TraceTree | null }> {
  for await (const record of indexedRecords(run)) yield { record, tree: await readRunTree(run.dir, record) };
}
