import type { TraceTree } from '../../core/tree-schema.js';
import { annotateTree } from '../generate/annotate-tree.js';
import type { SearchRecord } from '../generate/search-record.js';
import type { TraceExample } from '../generate/trace-example.js';
import type { ConversationalPreference, StandardPreference } from './schemas.js';
import { nodeOutcomes, siblingGroups, stepTexts } from './tree-outcomes.js';

export type PairKind = 'trace' | 'candidate' | 'step';
export const PAIR_KINDS: readonly PairKind[] = ['trace', 'candidate', 'step'];

export interface PairOptions {
  /** Conversational (message lists) instead of standard strings; not for step pairs. */
  conversational?: boolean;
  /** Pairs per problem at most (default 4): many failed traces would drown the rest. */
  perProblem?: number;
  /** Step text delimiter inside a prompt prefix and a solution (default a blank line). */
  delimiter?: string;
}

type Pair = StandardPreference | ConversationalPreference;

function make(prompt: string, chosen: string, rejected: string, conversational: boolean, metadata: Record<string, unknown>): Pair {
  if (!conversational) return { prompt, chosen, rejected, metadata };
  return {
    prompt: [{ role: 'user', content: prompt }],
    chosen: [{ role: 'assistant', content: chosen }],
    rejected: [{ role: 'assistant', content: rejected }],
    metadata,
  };
}

/**
 * Whole-trace pairs: for each problem, a verified trace (chosen) against a failed trace of
 * the same problem (rejected), from several runs (different searches, seeds or models).
 * Pairs are formed in input order, at most `perProblem` per problem.
 */
export function tracePairs(examples: readonly Pick<TraceExample, 'id' | 'verified' | 'prompt' | 'text' | 'treeId'>[], options: PairOptions = {}): Pair[] {
  const byId = new Map<string, { good: (typeof examples)[number][]; bad: (typeof examples)[number][] }>();
  for (const e of examples) {
    const g = byId.get(e.id) ?? { good: [], bad: [] };
    (e.verified ? g.good : g.bad).push(e);
    byId.set(e.id, g);
  }
  const out: Pair[] = [];
  const limit = options.perProblem ?? 4;
  for (const [id, { good, bad }] of byId) {
    const n = Math.min(limit, good.length * bad.length);
    for (let k = 0; k < n; k++) {
      const chosen = good[k % good.length]!, rejected = bad[Math.floor(k / good.length) % bad.length]!;
      out.push(make(chosen.prompt, chosen.text, rejected.text, options.conversational ?? false, { id, kind: 'trace', chosenTree: chosen.treeId, rejectedTree: rejected.treeId }));
    }
  }
  return out;
}

/**
 * Candidate pairs from one tree: the solution along a correct finished node (chosen)
 * against one along a wrong finished node (rejected), for the same question.
 */
export function candidatePairs(tree: TraceTree, record: SearchRecord, options: PairOptions = {}): Pair[] {
  const t = annotateTree(tree, record);
  const sep = options.delimiter ?? '\n\n';
  const ends = t.nodes.filter((n) => n.flags.terminal && n.flags.verified !== undefined);
  const good = dedupe(ends.filter((n) => n.flags.verified).map((n) => stepTexts(t, n.id).join(sep)));
  const bad = dedupe(ends.filter((n) => !n.flags.verified).map((n) => stepTexts(t, n.id).join(sep)));
  const out: Pair[] = [];
  const n = Math.min(options.perProblem ?? 4, good.length * bad.length);
  for (let k = 0; k < n; k++) {
    out.push(make(record.prompt, good[k % good.length]!, bad[Math.floor(k / good.length) % bad.length]!, options.conversational ?? false, { id: record.id, kind: 'candidate', tree: tree.id }));
  }
  return out;
}

/**
 * Step-level pairs from sibling nodes of one tree: at the same partial solution (the
 * prompt: question plus the steps so far), a step from which the search reached a correct
 * answer (chosen) against a sibling below which it found only wrong answers (rejected).
 * Siblings the search never finished below carry no evidence and are skipped.
 */
export function stepPairs(tree: TraceTree, record: SearchRecord, options: PairOptions = {}): StandardPreference[] {
  const t = annotateTree(tree, record);
  const sep = options.delimiter ?? '\n\n';
  const outcome = nodeOutcomes(t);
  const out: StandardPreference[] = [];
  for (const { parentId, childIds } of siblingGroups(t)) {
    const good = childIds.filter((id) => outcome[id]!.correct > 0);
    const bad = childIds.filter((id) => outcome[id]!.judged > 0 && outcome[id]!.correct === 0);
    const seen = new Set<string>();
    for (const g of good) {
      for (const b of bad) {
        const chosen = t.nodes[g]!.step.text, rejected = t.nodes[b]!.step.text;
        if (chosen.trim() === rejected.trim() || seen.has(`${chosen}\u0000${rejected}`)) continue;
        seen.add(`${chosen}\u0000${rejected}`);
        const prefix = stepTexts(t, parentId);
        const prompt = prefix.length > 0 ? `${record.prompt}${sep}${prefix.join(sep)}${sep}` : `${record.prompt}${sep}`;
        out.push({ prompt, chosen, rejected, metadata: { id: record.id, kind: 'step', tree: tree.id, parent: parentId, chosenNode: g, rejectedNode: b } });
      }
    }
  }
  return out;
}

function dedupe(texts: string[]): string[] {
  return [...new Set(texts)];
}
