import type { Json } from './json.js';
import type { Usage } from './usage.js';

/**
 * The one trace schema. Every search writes it; evaluation, linearization,
 * exports and the viewer read it. Bump TREE_SCHEMA_VERSION on any incompatible change and
 * keep `parseTree` (parse-tree.ts, which checks trees read from outside) able to say which
 * version it got. The types are written out here, so that writing and walking trees needs
 * no validation library; parse-tree.ts keeps its schema equal to them (checked at compile time).
 */
export const TREE_SCHEMA = 'metacot/tree';
export const TREE_SCHEMA_VERSION = 1;

export interface TreeNode {
  id: number;
  parentId: number | null;
  depth: number;
  step: { text: string; action?: Json | undefined };
  state: Json;
  scores: {
    /** The score the search used for this node (verifier or heuristic value, in [0,1]). */
    value?: number | undefined;
    /** A process reward model's score, when one was asked separately. */
    prm?: number | undefined;
    visits?: number | undefined;
    q?: number | undefined;
    prior?: number | undefined;
    logprob?: number | undefined;
  };
  flags: {
    terminal: boolean;
    /** The final answer a terminal node states, or null when it states none. */
    answer?: string | null | undefined;
    /** Checked by the task's exact checker; absent when no checker could judge. */
    verified?: boolean | undefined;
    pruned?: boolean | undefined;
  };
  cost: Usage;
}

export interface TraceTree {
  schema: typeof TREE_SCHEMA;
  version: typeof TREE_SCHEMA_VERSION;
  id: string;
  problem: { id: string; task: string; prompt: string; input?: Json | undefined };
  search: { name: string; options: Record<string, Json> };
  model: string;
  seed: string;
  nodes: TreeNode[];
  /** Node ids in the order the search visited (expanded or selected) them. */
  visits: number[];
  bestId: number | null;
  answer: string | null;
  verified: boolean | null;
  /** One of STOP_REASONS. */
  stopReason: string;
  usage: Usage;
}

/** Returns a description of the first broken invariant, or null when the tree is consistent. */
export function checkTreeInvariants(tree: TraceTree): string | null {
  const { nodes } = tree;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.id !== i) return `node at position ${i} has id ${node.id}`;
    if (node.parentId === null) {
      if (i !== 0) return `node ${i} has no parent but is not the root`;
      if (node.depth !== 0) return `root has depth ${node.depth}`;
      continue;
    }
    if (node.parentId >= i) return `node ${i} has parent ${node.parentId}, which was not created before it`;
    if (node.depth !== nodes[node.parentId]!.depth + 1) return `node ${i} has depth ${node.depth}, parent has ${nodes[node.parentId]!.depth}`;
  }
  for (const id of tree.visits) if (id >= nodes.length) return `visit refers to missing node ${id}`;
  if (tree.bestId !== null && tree.bestId >= nodes.length) return `bestId ${tree.bestId} refers to a missing node`;
  return null;
}

/** Node ids from the root to `id`, inclusive. */
export function pathTo(tree: Pick<TraceTree, 'nodes'>, id: number): number[] {
  const path: number[] = [];
  for (let cur: number | null = id; cur !== null; cur = tree.nodes[cur]!.parentId) path.push(cur);
  return path.reverse();
}

/** Child ids per node id, in creation order. */
export function childrenIndex(tree: Pick<TraceTree, 'nodes'>): number[][] {
  const children: number[][] = tree.nodes.map(() => []);
  for (const node of tree.nodes) if (node.parentId !== null) children[node.parentId]!.push(node.id);
  return children;
}
