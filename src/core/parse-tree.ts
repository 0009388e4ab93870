import { z } from 'zod';
import { STOP_REASONS } from './budget.js';
import { InputError } from './errors.js';
import type { Json } from './json.js';
import { checkTreeInvariants, TREE_SCHEMA, TREE_SCHEMA_VERSION, type TraceTree, type TreeNode } from './tree-schema.js';

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

// The schemas and the written-out types must describe the same trees.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const nodeTypeMatches: Same<z.infer<typeof nodeSchema>, TreeNode> = true;
const treeTypeMatches: Same<z.infer<typeof treeSchema>, TraceTree> = true;
void nodeTypeMatches;
void treeTypeMatches;

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
