import { writeFile } from 'node:fs/promises';
import type { TraceTree } from '../../core/tree-schema.js';
import type { SearchRecord } from './search-record.js';
import { traceExample, type TraceExample, type TraceExampleOptions } from './trace-example.js';

/** Every searched problem with a tree, linearized, in record order. */
export function traceExamples(records: readonly SearchRecord[], trees: ReadonlyMap<string, TraceTree>, options: TraceExampleOptions = {}): TraceExample[] {
  const out: TraceExample[] = [];
  for (const record of records) {
    const tree = trees.get(record.id);
    if (tree) out.push(traceExample(tree, record, options));
  }
  return out;
}

/**
 * Writes `traces.jsonl`: one linearized search per line, rebuilt from all finished
 * records each time, so a resumed run's file is the same as an uninterrupted one's.
 */
export async function writeTraces(
  file: string,
  records: readonly SearchRecord[],
  trees: ReadonlyMap<string, TraceTree>,
  options: TraceExampleOptions = {},
): Promise<{ written: number; verified: number }> {
  const examples = traceExamples(records, trees, options);
  await writeFile(file, examples.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return { written: examples.length, verified: examples.filter((e) => e.verified).length };
}
