import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../eval/write-file-atomic.js';
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
 * search in `served.jsonl` (conversation, strategy, answer, verified, usage, the streamed
 * trace, the tree's file), appended after its tree is on disk.
 */
export function createSearchStore(dir: string): SearchStore {
  let ready: Promise<unknown> | null = null;
  return async (result, served) => {
    ready ??= mkdir(join(dir, SERVED_TREES), { recursive: true });
    await ready;
    const file = `${SERVED_TREES}/${served.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
    await writeFileAtomic(join(dir, file), `${JSON.stringify(result.tree)}\n`);
    const { tree } = result;
    const line = {
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
