import { childrenIndex, pathTo, type TraceTree } from '../../core/tree-schema.js';

/** What the search learned below one node: its judged finished descendants (itself included). */
export interface NodeOutcome {
  /** Finished nodes below with a verdict. */
  judged: number;
  /** Of those, the correct ones. */
  correct: number;
}

/**
 * Per node, the judged finished nodes in its subtree and how many were correct: the
 * search's own Monte-Carlo estimate of the step (`correct / judged`). Needs an annotated
 * tree (`annotateTree`), where every judged finished node has `flags.verified`.
 */
export function nodeOutcomes(tree: TraceTree): NodeOutcome[] {
  const out: NodeOutcome[] = tree.nodes.map(() => ({ judged: 0, correct: 0 }));
  for (let id = tree.nodes.length - 1; id >= 0; id--) {
    const node = tree.nodes[id]!;
    if (node.flags.terminal && node.flags.verified !== undefined) {
      out[id]!.judged += 1;
      if (node.flags.verified) out[id]!.correct += 1;
    }
    if (node.parentId !== null) {
      out[node.parentId]!.judged += out[id]!.judged;
      out[node.parentId]!.correct += out[id]!.correct;
    }
  }
  return out;
}

/** The step texts from the root's first child to `id`. */
export function stepTexts(tree: TraceTree, id: number): string[] {
  return pathTo(tree, id).slice(1).map((k) => tree.nodes[k]!.step.text);
}

/** Sibling groups (children of one parent, two or more), in creation order. */
export function siblingGroups(tree: TraceTree): { parentId: number; childIds: number[] }[] {
  return childrenIndex(tree)
    .map((childIds, parentId) => ({ parentId, childIds }))
    .filter((g) => g.childIds.length > 1);
}
