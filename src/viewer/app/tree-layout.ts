import { hierarchy, tree as treeLayout } from 'd3-hierarchy';
import type { TreeIndex } from './tree-index.js';

/** World units: depth runs left to right, siblings top to bottom. */
export const DEPTH_GAP = 180;
export const SIBLING_GAP = 16;

export interface TreeLayout {
  /** World coordinates per node id; meaningful only where `shown` is 1. */
  x: Float64Array;
  y: Float64Array;
  /** 0 for nodes inside a collapsed subtree. */
  shown: Uint8Array;
  /** Ids of shown nodes, in creation order (the draw list). */
  order: Int32Array;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * A tidy tree (Reingold–Tilford, via d3-hierarchy) of the nodes not hidden under a
 * collapsed node. Recomputed on every collapse or expand; it takes a few milliseconds for
 * 10,000 nodes, so the layout is always exact rather than patched.
 */
export function layoutTree(index: TreeIndex, collapsed: ReadonlySet<number>): TreeLayout {
  const root = hierarchy<number>(0, (id) => (collapsed.has(id) || index.children[id]!.length === 0 ? null : index.children[id]!));
  const laid = treeLayout<number>()
    .nodeSize([SIBLING_GAP, DEPTH_GAP])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.4))(root);
  const x = new Float64Array(index.size);
  const y = new Float64Array(index.size);
  const shown = new Uint8Array(index.size);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  laid.each((node) => {
    const id = node.data;
    x[id] = node.y;
    y[id] = node.x;
    shown[id] = 1;
    if (node.y < minX) minX = node.y;
    if (node.y > maxX) maxX = node.y;
    if (node.x < minY) minY = node.x;
    if (node.x > maxY) maxY = node.x;
  });
  const order: number[] = [];
  for (let id = 0; id < index.size; id++) if (shown[id]) order.push(id);
  return { x, y, shown, order: Int32Array.from(order), minX, maxX, minY, maxY };
}
