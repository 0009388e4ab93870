import { createRandom } from '../../core/random.js';
import { TREE_SCHEMA, TREE_SCHEMA_VERSION, type TraceTree, type TreeNode } from '../../core/tree-schema.js';
import { emptyUsage } from '../../core/usage.js';

export interface SyntheticTreeOptions {
  /** Exact number of nodes, root included. */
  nodes: number;
  seed?: string | number;
  /** Children per expansion (the last expansion may make fewer). */
  branching?: number;
  /** Depth at which states are terminal. */
  maxDepth?: number;
}

/**
 * A deterministic tree in the trace schema, shaped like a best-first search: the node with
 * the highest value is expanded next, terminals are verified right about a tenth of the
 * time. Used by the viewer's tests and benchmark to get trees of any size.
 */
export function syntheticTree(options: SyntheticTreeOptions): TraceTree {
  const { nodes: total, branching = 6, maxDepth = 6 } = options;
  const random = createRandom(options.seed ?? 'synthetic');
  const nodes: TreeNode[] = [];
  const visits: number[] = [];
  const make = (parent: TreeNode | null): TreeNode => {
    const depth = parent ? parent.depth + 1 : 0;
    const terminal = depth >= maxDepth;
    const a = 1 + random.int(13);
    const b = 1 + random.int(13);
    const op = ['+', '-', '*', '/'][random.int(4)]!;
    const node: TreeNode = {
      id: nodes.length,
      parentId: parent ? parent.id : null,
      depth,
      step: { text: parent ? `${a} ${op} ${b} (node ${nodes.length})` : '' },
      state: { depth },
      scores: parent ? { value: Math.round(random.next() * 128) / 128, prm: Math.round(random.next() * 100) / 100 } : {},
      flags: { terminal },
      cost: { ...emptyUsage(), tokensOut: parent ? 8 + random.int(20) : 0, tokensIn: parent ? 40 : 0 },
    };
    if (terminal) {
      const verified = random.next() < 0.1;
      node.flags.answer = verified ? '24' : String(random.int(50));
      node.flags.verified = verified;
      node.scores.value = verified ? 1 : 0;
    }
    nodes.push(node);
    return node;
  };
  const root = make(null);
  const frontier: TreeNode[] = [root];
  while (nodes.length < total && frontier.length > 0) {
    let bestAt = 0;
    for (let i = 1; i < frontier.length; i++) {
      if ((frontier[i]!.scores.value ?? 0) > (frontier[bestAt]!.scores.value ?? 0)) bestAt = i;
    }
    const node = frontier.splice(bestAt, 1)[0]!;
    visits.push(node.id);
    node.cost.policyCalls = 1;
    for (let k = 0; k < branching && nodes.length < total; k++) {
      const child = make(node);
      if (!child.flags.terminal) frontier.push(child);
    }
  }
  let bestId: number | null = null;
  for (const node of nodes) {
    if (node.flags.verified) {
      bestId = node.id;
      break;
    }
  }
  const best = bestId === null ? null : nodes[bestId]!;
  const usage = emptyUsage();
  for (const node of nodes) {
    usage.tokensIn += node.cost.tokensIn;
    usage.tokensOut += node.cost.tokensOut;
    usage.policyCalls += node.cost.policyCalls;
  }
  return {
    schema: TREE_SCHEMA,
    version: TREE_SCHEMA_VERSION,
    id: `synthetic-${total}`,
    problem: { id: `synthetic-${total}`, task: 'game24', prompt: '4 9 10 13' },
    search: { name: 'best-first', options: { branching } },
    model: 'synthetic',
    seed: String(options.seed ?? 'synthetic'),
    nodes,
    visits,
    bestId,
    answer: best?.flags.answer ?? null,
    verified: best ? true : null,
    stopReason: 'completed',
    usage,
  };
}
