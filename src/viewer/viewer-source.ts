import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseTree, type TraceTree } from '../core/tree-schema.js';
import { readRun, readRunTree } from '../eval/read-run.js';
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

async function runSource(dir: string, options: SourceOptions): Promise<ViewerSource> {
  const run = await readRun(dir);
  const { config, records } = run;
  const problems: ProblemSummary[] = records.map((r, i) => ({
    index: i,
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
  }));
  const title = `${basename(resolve(dir))} · ${config.task.name} · ${config.method.search} · ${config.method.model}`;
  return {
    index: { title, problems },
    payload: async (problem) => {
      const record = records[problem];
      if (!record) throw new InputError(`problem ${problem} does not exist; this run has problems 0 to ${records.length - 1}`);
      const tree = await readRunTree(dir, record);
      if (!tree) throw new InputError(`problem '${record.id}' has no saved tree in ${dir}`);
      return treePayload(tree, options.format);
    },
  };
}
