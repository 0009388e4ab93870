import type { TraceTree } from '../core/tree-schema.js';
import type { TextSegment, TreePayload, TreeText } from './viewer-data.js';

export type TextFormat = string;

/** The part of the linearizer's result the viewer reads (src/linearize `Linearized`). */
export interface LinearizedText {
  format: string;
  text: string;
  segments: readonly { nodeId: number | null; kind: string; onWinningPath: boolean; start: number; end: number }[];
}

/** Cuts the linearized text into the page's segments; the spans tile the text in order. */
export function textFromLinearized(lin: LinearizedText): TreeText {
  const segments: TextSegment[] = lin.segments.map((s) => ({
    text: lin.text.slice(s.start, s.end),
    nodeId: s.nodeId,
    kind: s.kind,
    ...(s.onWinningPath ? { onWinningPath: true } : {}),
  }));
  return { format: lin.format, segments };
}

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
