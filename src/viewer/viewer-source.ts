import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { type TraceTree } from '../core/tree-schema.js';
import { parseTree } from '../core/parse-tree.js';
import { readRunTree } from '../eval/read-run.js';
import { indexRun } from '../eval/run-index.js';
import { summarizeProblem } from './summarize-problem.js';
import { treePayload } from './tree-payload.js';
import type { ProblemSummary, TreePayload, ViewerIndex } from './viewer-data.js';

/** What the server and the `--out` writer serve: the problem list and, per problem, its payload. */
export interface ViewerSource {
  index: ViewerIndex;
  payload(problem: number): Promise<TreePayload>;
}

export interface SourceOptions {
  /** Linearization format the text pane shows first (meta-cot, sos, optimal-path). */
  format?: string;
}

/** A single tree: a problem list of one. */
export function treeSource(tree: TraceTree, title: string, options: SourceOptions = {}): ViewerSource {
  return {
    index: { title, problems: [summarizeProblem(0, tree)] },
    payload: async (problem) => {
      if (problem !== 0) throw new InputError(`problem ${problem} does not exist; this view has one tree (problem 0)`);
      return treePayload(tree, options.format);
    },
  };
}

/**
 * Opens what `metacot view` was given: a run folder (config.json, records.jsonl, trees/),
 * read with the evaluation harness's reader, or a single TREE.json.
 */
export async function openViewerSource(path: string, options: SourceOptions = {}): Promise<ViewerSource> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`${path} does not exist; expected a run folder (from 'metacot eval') or a tree .json file`);
  }
  if (info.isDirectory()) return runSource(path, options);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: not a JSON tree file (${(error as Error).message})`);
  }
  return treeSource(parseTree(data, path), basename(path), options);
}

/**
 * A run folder, indexed in one streaming pass: the problem list and each problem's tree
 * file are all that is kept, so a run of any size opens in little memory; a problem's
 * tree is read and linearized when it is asked for.
 */
async function runSource(dir: string, options: SourceOptions): Promise<ViewerSource> {
  const run = await indexRun(dir, (r, config) => ({
    row: {
      id: r.id,
      task: config.task.name,
      search: config.method.search,
      level: r.level === null ? null : String(r.level),
      correct: r.correct,
      answer: r.answer,
      tokensIn: r.usage.tokensIn,
      tokensOut: r.usage.tokensOut,
      tokens: r.usage.tokensIn + r.usage.tokensOut,
      nodes: r.tree === null ? 0 : r.steps + 1,
    },
    tree: r.tree,
  }));
  const { config, entries } = run;
  const problems: ProblemSummary[] = entries.map((e, i) => ({ index: i, ...e.kept.row }));
  const title = `${basename(resolve(dir))} · ${config.task.name} · ${config.method.search} · ${config.method.model}`;
  return {
    index: { title, problems },
    payload: async (problem) => {
      const entry = entries[problem];
      if (!entry) throw new InputError(`problem ${problem} does not exist; this run has problems 0 to ${entries.length - 1}`);
      const tree = await readRunTree(dir, { id: entry.id, tree: entry.kept.tree });
      if (!tree) throw new InputError(`problem '${entry.id}' has no saved tree in ${dir}`);
      return treePayload(tree, options.format);
    },
  };
}
