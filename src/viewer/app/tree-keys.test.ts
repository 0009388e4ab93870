import { describe, expect, it } from 'vitest';
import { syntheticTree } from '../test-support/synthetic-tree.js';
import { indexTree } from './tree-index.js';
import { treeKeyAction } from './tree-keys.js';

describe('treeKeyAction', () => {
  const index = indexTree(syntheticTree({ nodes: 40, seed: 2, branching: 3 }));
  const [a, b, c] = index.children[0]!;
  const none = new Set<number>();

  it('walks the tree with the arrows, staying put at the edges', () => {
    expect(treeKeyAction('ArrowRight', index, null, none)).toEqual({ type: 'select', id: a });
    expect(treeKeyAction('ArrowLeft', index, a!, none)).toEqual({ type: 'select', id: 0 });
    expect(treeKeyAction('ArrowLeft', index, 0, none)).toEqual({ type: 'select', id: 0 });
    expect(treeKeyAction('ArrowDown', index, a!, none)).toEqual({ type: 'select', id: b });
    expect(treeKeyAction('ArrowDown', index, c!, none)).toEqual({ type: 'select', id: c });
    expect(treeKeyAction('ArrowUp', index, a!, none)).toEqual({ type: 'select', id: a });
    expect(treeKeyAction('ArrowRight', index, a!, new Set([a!]))).toEqual({ type: 'select', id: a });
  });

  it('maps the other keys and ignores the rest', () => {
    expect(treeKeyAction('Enter', index, b!, none)).toEqual({ type: 'toggle', id: b });
    expect(treeKeyAction('b', index, null, none)).toEqual(index.tree.bestId === null ? null : { type: 'select', id: index.tree.bestId });
    expect(treeKeyAction('-', index, null, none)).toEqual({ type: 'zoom', factor: 0.8 });
    expect(treeKeyAction('x', index, null, none)).toBeNull();
  });
});
