import type { TraceTree } from '../../core/tree-schema.js';
import type { SearchRecord } from './search-record.js';

/**
 * A copy of `tree` with the record's judgements written onto it: every judged finished
 * node gets `flags.verified`, and when the search's own choice was wrong but another
 * finished node was judged correct, that one (the highest valued, then the earliest)
 * becomes the best node. A language-model search keeps the gold answer out of its view,
 * so its tree alone cannot say which branch was right; linearizing the annotated tree
 * writes the verified branch as the winning path and the others as the explored ones.
 */
export function annotateTree(tree: TraceTree, record: SearchRecord): TraceTree {
  const nodes = tree.nodes.map((node) => ({ ...node, flags: { ...node.flags }, scores: { ...node.scores } }));
  for (const c of record.candidates) {
    if (c.nodeId === null || c.nodeId >= nodes.length) continue;
    const node = nodes[c.nodeId]!;
    if (node.flags.terminal) node.flags.verified = c.correct;
  }
  let bestId = tree.bestId;
  const bestOk = bestId !== null && nodes[bestId]!.flags.verified === true;
  if (!bestOk) {
    let pick: number | null = null;
    for (const node of nodes) {
      if (node.flags.verified !== true || node.parentId === null) continue;
      if (pick === null || (node.scores.value ?? 0) > (nodes[pick]!.scores.value ?? 0)) pick = node.id;
    }
    if (pick !== null) bestId = pick;
  }
  const best = bestId === null ? null : nodes[bestId]!;
  return {
    ...tree,
    nodes,
    bestId,
    answer: best && best.flags.terminal ? best.flags.answer ?? null : tree.answer,
    verified: best && best.flags.terminal ? best.flags.verified ?? null : tree.verified,
  };
}

/** Whether the record's search found a correct answer anywhere in its tree. */
export function solvedAnywhere(record: SearchRecord): boolean {
  return record.correct || record.candidates.some((c) => c.correct);
}
