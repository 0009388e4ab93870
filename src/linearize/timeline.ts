import { childrenIndex, pathTo, type TraceTree } from '../core/tree-schema.js';

/** One policy call's children: a maximal run of consecutive node ids with the same parent. */
export interface Expansion {
  parentId: number;
  childIds: number[];
}

/** What happened, in order: a node visited (expanded or selected), or an expansion's children created. */
export type TimelineEvent = { type: 'visit'; nodeId: number } | { type: 'expansion'; expansion: Expansion };

/**
 * The winning path: root to the best node, when that node is terminal and not refuted by
 * the task's checker (a verified answer, or an answer no checker could judge). Null otherwise.
 */
export function winningPath(tree: TraceTree): number[] | null {
  if (tree.bestId === null) return null;
  const best = tree.nodes[tree.bestId]!;
  if (!best.flags.terminal || best.flags.verified === false) return null;
  return pathTo(tree, tree.bestId);
}

function expansionRuns(tree: TraceTree): Expansion[] {
  const runs: Expansion[] = [];
  for (const node of tree.nodes) {
    if (node.parentId === null) continue;
    const last = runs[runs.length - 1];
    if (last && last.parentId === node.parentId && last.childIds[last.childIds.length - 1] === node.id - 1) last.childIds.push(node.id);
    else runs.push({ parentId: node.parentId, childIds: [node.id] });
  }
  return runs;
}

/**
 * Interleaves the tree's visit order with its expansions. The schema records visits and
 * node creation order separately; an expansion always follows a visit of its parent
 * (SearchRun visits a node, then records its children), so walking the visits and
 * attaching the next expansion in creation order to the visit of its parent recovers
 * when each expansion happened. A visit whose node is not the next expansion's parent was
 * a selection. Expansions whose parent is never visited again are attached at once,
 * so no child is lost from hand-made or foreign trees.
 */
export function timeline(tree: TraceTree): TimelineEvent[] {
  const runs = expansionRuns(tree);
  const remaining = new Array<number>(tree.nodes.length).fill(0);
  for (const id of tree.visits) remaining[id]! += 1;
  const events: TimelineEvent[] = [];
  let next = 0;
  const flushOrphans = () => {
    while (next < runs.length && remaining[runs[next]!.parentId] === 0) events.push({ type: 'expansion', expansion: runs[next++]! });
  };
  for (const id of tree.visits) {
    flushOrphans();
    remaining[id]! -= 1;
    events.push({ type: 'visit', nodeId: id });
    if (next < runs.length && runs[next]!.parentId === id) events.push({ type: 'expansion', expansion: runs[next++]! });
  }
  while (next < runs.length) events.push({ type: 'expansion', expansion: runs[next++]! });
  return events;
}

/** Child ids and, per node, its index among its parent's children (for sos node labels). */
export function childPositions(tree: TraceTree): { children: number[][]; position: number[] } {
  const children = childrenIndex(tree);
  const position = new Array<number>(tree.nodes.length).fill(0);
  for (const list of children) list.forEach((id, k) => (position[id] = k));
  return { children, position };
}

/**
 * True when the tree shows the node cannot lead to an answer: the checker refuted it, its
 * value is 0, or it was expanded and every child is such a dead end.
 */
export function deadEnds(tree: TraceTree): boolean[] {
  const children = childrenIndex(tree);
  const dead = new Array<boolean>(tree.nodes.length).fill(false);
  for (let id = tree.nodes.length - 1; id >= 0; id--) {
    const node = tree.nodes[id]!;
    const kids = children[id]!;
    dead[id] = node.flags.verified === false || node.scores.value === 0 || (kids.length > 0 && kids.every((k) => dead[k]));
  }
  return dead;
}
