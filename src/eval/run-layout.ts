import { createHash } from 'node:crypto';

/**
 * The run folder (docs/eval.md, "Run folder"): keep these names stable, the viewer and
 * `merge` / `score` / `report` read them.
 *
 *   RUN/config.json      everything needed to re-run (RunConfig)
 *   RUN/records.jsonl    one RunRecord per finished problem, append-only
 *   RUN/trees/<id>.json  the search tree of each problem (TraceTree)
 *   RUN/.lock            present while a process is writing the folder
 */
export const CONFIG_FILE = 'config.json';
export const RECORDS_FILE = 'records.jsonl';
export const TREES_DIR = 'trees';
export const LOCK_FILE = '.lock';

/**
 * A file name for a problem id: the id itself when it is a safe name, else its safe
 * characters plus a short hash of the id, so that different ids never share a file.
 */
export function treeFileName(problemId: string): string {
  const safe = problemId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  if (safe === problemId && !safe.startsWith('.')) return `${safe}.json`;
  const hash = createHash('sha256').update(problemId).digest('hex').slice(0, 10);
  return `${safe.replace(/^\.+/, '_')}-${hash}.json`;
}

/** The tree path recorded in a record (relative to the run folder, with forward slashes). */
export function treeRelativePath(problemId: string): string {
  return `${TREES_DIR}/${treeFileName(problemId)}`;
}
