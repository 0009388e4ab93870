import type { TraceTree } from '../../core/tree-schema.js';
import { bucketOf } from './colors.js';
import { birthSteps } from './replay-order.js';

export type ColorBy = 'value' | 'prm' | 'q' | 'visits';

/**
 * Flat, typed-array views of one tree that the renderer reads every frame; built once per
 * tree so that drawing never touches the JSON objects.
 */
export interface TreeIndex {
  tree: TraceTree;
  size: number;
  parent: Int32Array;
  children: number[][];
  /** Nodes in the subtree, itself included. */
  subtreeSize: Int32Array;
  /** 1 for nodes on the path from the root to the best node. */
  onBestPath: Uint8Array;
  /** 0 none, 1 verified correct, 2 verified wrong, 3 terminal but unverified. */
  outcome: Uint8Array;
  births: Int32Array;
  /** Visit indices at which each node was visited (for the replay's "visited" state). */
  firstVisit: Int32Array;
}

export function indexTree(tree: TraceTree): TreeIndex {
  const size = tree.nodes.length;
  const parent = new Int32Array(size);
  const children: number[][] = Array.from({ length: size }, () => []);
  const outcome = new Uint8Array(size);
  for (const node of tree.nodes) {
    parent[node.id] = node.parentId ?? -1;
    if (node.parentId !== null) children[node.parentId]!.push(node.id);
    if (node.flags.verified === true) outcome[node.id] = 1;
    else if (node.flags.verified === false) outcome[node.id] = 2;
    else if (node.flags.terminal) outcome[node.id] = 3;
  }
  const subtreeSize = new Int32Array(size).fill(1);
  // Parents always come before their children, so one backward pass sums the subtrees.
  for (let i = size - 1; i > 0; i--) subtreeSize[parent[i]!]! += subtreeSize[i]!;
  const onBestPath = new Uint8Array(size);
  for (let cur = tree.bestId ?? -1; cur >= 0; cur = parent[cur]!) onBestPath[cur] = 1;
  const firstVisit = new Int32Array(size).fill(-1);
  tree.visits.forEach((id, at) => {
    if (firstVisit[id] === -1) firstVisit[id] = at;
  });
  return { tree, size, parent, children, subtreeSize, onBestPath, outcome, births: birthSteps(parent, tree.visits), firstVisit };
}

/** Colour bucket per node for the chosen score; visits are shown on a log scale of the maximum. */
export function colorBuckets(index: TreeIndex, by: ColorBy): Uint8Array {
  const out = new Uint8Array(index.size);
  const nodes = index.tree.nodes;
  if (by === 'visits') {
    let max = 0;
    for (const n of nodes) max = Math.max(max, n.scores.visits ?? 0);
    const scale = Math.log1p(max);
    for (const n of nodes) out[n.id] = bucketOf(n.scores.visits === undefined || scale === 0 ? undefined : Math.log1p(n.scores.visits) / scale);
    return out;
  }
  for (const n of nodes) out[n.id] = bucketOf(n.scores[by]);
  return out;
}
