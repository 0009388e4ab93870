import { z } from 'zod';
import { InputError } from './errors.js';
import type { Json } from './json.js';
import { STOP_REASONS } from './budget.js';

/**
 * The one trace schema. Every search writes it; evaluation, linearization,
 * exports and the viewer read it. Bump TREE_SCHEMA_VERSION on any incompatible change and
 * keep `parseTree` able to say which version it got.
 */
export const TREE_SCHEMA = 'metacot/tree';
export const TREE_SCHEMA_VERSION = 1;

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

export const usageSchema = z.object({
  policyCalls: z.number().nonnegative(),
  tokensIn: z.number().nonnegative(),
  tokensOut: z.number().nonnegative(),
  verifierCalls: z.number().nonnegative(),
  ms: z.number().nonnegative(),
  cacheHits: z.number().nonnegative().optional(),
  cacheMisses: z.number().nonnegative().optional(),
});

export const nodeSchema = z.object({
  id: z.number().int().nonnegative(),
  parentId: z.number().int().nonnegative().nullable(),
  depth: z.number().int().nonnegative(),
  step: z.object({ text: z.string(), action: json.optional() }),
  state: json,
  scores: z.object({
    /** The score the search used for this node (verifier or heuristic value, in [0,1]). */
    value: z.number().optional(),
    /** A process reward model's score, when one was asked separately. */
    prm: z.number().optional(),
    visits: z.number().nonnegative().optional(),
    q: z.number().optional(),
    prior: z.number().optional(),
    logprob: z.number().optional(),
  }),
  flags: z.object({
    terminal: z.boolean(),
    /** The final answer a terminal node states, or null when it states none. */
    answer: z.string().nullable().optional(),
    /** Checked by the task's exact checker; absent when no checker could judge. */
    verified: z.boolean().optional(),
    pruned: z.boolean().optional(),
  }),
  cost: usageSchema,
});

export const treeSchema = z.object({
  schema: z.literal(TREE_SCHEMA),
  version: z.literal(TREE_SCHEMA_VERSION),
  id: z.string(),
  problem: z.object({ id: z.string(), task: z.string(), prompt: z.string(), input: json.optional() }),
  search: z.object({ name: z.string(), options: z.record(z.string(), json) }),
  model: z.string(),
  seed: z.string(),
  nodes: z.array(nodeSchema),
  /** Node ids in the order the search visited (expanded or selected) them. */
  visits: z.array(z.number().int().nonnegative()),
  bestId: z.number().int().nonnegative().nullable(),
  answer: z.string().nullable(),
  verified: z.boolean().nullable(),
  stopReason: z.enum(STOP_REASONS as [string, ...string[]]),
  usage: usageSchema,
});

export type TreeNode = z.infer<typeof nodeSchema>;
export type TraceTree = z.infer<typeof treeSchema>;

/**
 * Validates a tree read from outside (a file, a request): the schema, then the
 * structural invariants (ids are positions, parents exist and come first, depths agree,
 * visits and best refer to existing nodes). Throws an InputError naming `source`.
 */
export function parseTree(data: unknown, source = 'tree'): TraceTree {
  if (data && typeof data === 'object' && 'version' in data && (data as { version: unknown }).version !== TREE_SCHEMA_VERSION) {
    throw new InputError(`${source}: tree schema version ${String((data as { version: unknown }).version)} is not supported (expected ${TREE_SCHEMA_VERSION})`);
  }
  const parsed = treeSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${source}: invalid tree at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const problem = checkTreeInvariants(parsed.data);
  if (problem) throw new InputError(`${source}: ${problem}`);
  return parsed.data;
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
