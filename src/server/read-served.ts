import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { type TraceTree } from '../core/tree-schema.js';
import { parseTree } from '../core/parse-tree.js';
import type { ExportSource } from '../training-data/exports/export-dataset.js';
import { SERVED_LOG, type ServedLine } from './search-store.js';

/**
 * Reads a `--store` folder back as one source for `exportDataset` (SFT, preference and
 * step-label sets): every line of `served.jsonl` as a record, every tree validated. A
 * line cut short by a crash at the end of the file is skipped; one in the middle is an error.
 */
export async function readServedSearches(dir: string): Promise<ExportSource & { lines: ServedLine[] }> {
  const file = join(dir, SERVED_LOG);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${dir} holds no served searches: ${file} does not exist (start the server with --store ${dir})`);
    throw error;
  }
  const rows = text.split('\n');
  const lines: ServedLine[] = [];
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    try {
      lines.push(JSON.parse(row) as ServedLine);
    } catch {
      if (i === rows.length - 1) return; // a torn last line
      throw new InputError(`${file}:${i + 1}: not a JSON line`);
    }
  });
  const trees = new Map<string, TraceTree>();
  for (const line of lines) {
    const treeFile = join(dir, line.tree);
    trees.set(line.id, parseTree(JSON.parse(await readFile(treeFile, 'utf8')), treeFile));
  }
  return { dir, records: lines, trees, lines, about: { source: 'metacot serve', dir, searches: lines.length } };
}
