import { describe, expect, it } from 'vitest';
import { syntheticTree } from '../test-support/synthetic-tree.js';
import { colorBuckets, indexTree } from './tree-index.js';
import { DEPTH_GAP, layoutTree } from './tree-layout.js';
import { BUCKETS, NO_SCORE } from './colors.js';

describe('indexTree and layoutTree', () => {
  const tree = syntheticTree({ nodes: 500, seed: 3, branching: 4 });
  const index = indexTree(tree);

  it('indexes subtrees, the winning path and outcomes', () => {
    expect(index.subtreeSize[0]).toBe(500);
    const path: number[] = [];
    for (let i = 0; i < index.size; i++) if (index.onBestPath[i]) path.push(i);
    expect(path[0]).toBe(0);
    expect(path.at(-1)).toBe(tree.bestId);
    expect(path.length).toBe(tree.nodes[tree.bestId!]!.depth + 1);
    expect(index.outcome[tree.bestId!]).toBe(1);
  });

  it('places depth left to right and never overlaps two nodes', () => {
    const layout = layoutTree(index, new Set());
    const seen = new Set<string>();
    for (const node of tree.nodes) {
      expect(layout.x[node.id]).toBe(node.depth * DEPTH_GAP);
      const key = `${layout.x[node.id]},${layout.y[node.id]}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(layout.order.length).toBe(500);
  });

  it('hides collapsed subtrees but keeps the collapsed node', () => {
    const collapsed = tree.nodes.find((n) => n.parentId === 0 && index.subtreeSize[n.id]! > 1)!.id;
    const layout = layoutTree(index, new Set([collapsed]));
    expect(layout.shown[collapsed]).toBe(1);
    expect(layout.order.length).toBe(500 - index.subtreeSize[collapsed]! + 1);
    for (const child of index.children[collapsed]!) expect(layout.shown[child]).toBe(0);
  });

  it('buckets scores for colour, unscored nodes apart', () => {
    const buckets = colorBuckets(index, 'value');
    expect(buckets[0]).toBe(NO_SCORE);
    expect(buckets[tree.bestId!]).toBe(BUCKETS - 1);
    expect(colorBuckets(index, 'visits').every((b) => b === NO_SCORE)).toBe(true);
  });
});
