import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/write-file-atomic.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { Usage } from '../core/usage.js';
import type { SearchRecord } from '../training-data/generate/search-record.js';
import type { ChatMessage } from '../models/language-model.js';
import type { ReasonResult } from './reasoner.js';

/** What the server knows about a served search besides its tree. */
export interface ServedSearch {
  /** The response id (`chatcmpl-...`), unique per request; names the tree file. */
  id: string;
  /** Unix seconds. */
  created: number;
  messages: readonly ChatMessage[];
  spec: string;
  model: string | null;
  /** The Meta-CoT text the client received as `reasoning_content`. */
  reasoning: string;
}

/** Stores a served search; returns where (relative to the store folder). */
export type SearchStore = (result: ReasonResult, served: ServedSearch) => Promise<string>;

export const SERVED_LOG = 'served.jsonl';
export const SERVED_TREES = 'trees';

/**
 * A folder of served searches for the Meta-STaR data pipeline: every tree as
 * `trees/<response id>.json` (the one trace schema, written atomically) and one line per
 * search in `served.jsonl` (the data pipeline's record fields, then the conversation,
 * strategy, usage, the streamed trace and the tree's file), appended after its tree is on
 * disk. `readServedSearches` reads the folder back as an export source.
 */
export function createSearchStore(dir: string): SearchStore {
  let ready: Promise<unknown> | null = null;
  return async (result, served) => {
    ready ??= mkdir(join(dir, SERVED_TREES), { recursive: true });
    await ready;
    const file = `${SERVED_TREES}/${served.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
    await writeFileAtomic(join(dir, file), `${JSON.stringify(result.tree)}\n`);
    const { tree } = result;
    const line: ServedLine = {
      // The fields the data pipeline reads of a search (SearchRecord), then the server's own.
      ...servedRecord(served.id, tree),
      id: served.id,
      created: served.created,
      spec: served.spec,
      model: served.model,
      policy: tree.model,
      tree: file,
      treeId: tree.id,
      task: tree.problem.task,
      messages: served.messages,
      answer: tree.answer,
      verified: tree.verified,
      stopReason: tree.stopReason,
      usage: tree.usage,
      reasoning: served.reasoning,
      content: result.content,
    };
    await appendFile(join(dir, SERVED_LOG), `${JSON.stringify(line)}\n`);
    return file;
  };
}

/** One line of `served.jsonl`. */
export type ServedLine = SearchRecord & {
  created: number;
  spec: string;
  model: string | null;
  policy: string;
  tree: string;
  treeId: string;
  task: string;
  messages: readonly ChatMessage[];
  verified: boolean | null;
  stopReason: string;
  usage: Usage;
  reasoning: string;
  content: string;
};

/**
 * A served search as the data pipeline's SearchRecord: no gold answer exists, so
 * correctness is what the task's exact checker said (puzzles), and false where nothing
 * could check it; every finished state is a candidate.
 */
export function servedRecord(id: string, tree: TraceTree): SearchRecord {
  return {
    id,
    prompt: tree.problem.prompt,
    input: tree.problem.input ?? null,
    gold: null,
    level: null,
    subject: null,
    answer: tree.answer,
    correct: tree.verified === true,
    candidates: tree.nodes
      .filter((n) => n.flags.terminal && n.parentId !== null)
      .map((n) => ({ nodeId: n.id, answer: n.flags.answer ?? null, correct: n.flags.verified === true })),
  };
}
