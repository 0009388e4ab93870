import type { TraceTree } from '../core/tree-schema.js';
import type { TextSegment, TreePayload } from './viewer-data.js';

export type TextFormat = string;

/** The page payload of one tree: the tree and its linearized text with node links. */
export function treePayload(tree: TraceTree, format: TextFormat = 'meta-cot'): TreePayload {
  const segments: TextSegment[] = [];
  for (const id of tree.nodes.keys()) {
    const node = tree.nodes[id]!;
    if (node.parentId === null) continue;
    segments.push({ text: `${node.step.text}\n`, nodeId: id, kind: 'step' });
    if (node.scores.value !== undefined) segments.push({ text: `value ${node.scores.value}\n`, nodeId: id, kind: 'value' });
  }
  return { tree, text: { format, segments } };
}
