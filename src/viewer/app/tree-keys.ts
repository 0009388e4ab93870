import type { TreeIndex } from './tree-index.js';

export type KeyAction =
  | { type: 'select'; id: number }
  | { type: 'toggle'; id: number }
  | { type: 'fit' }
  | { type: 'play' }
  | { type: 'zoom'; factor: number };

/**
 * What a key does on the focused tree: arrows walk it (left parent, right first child,
 * up/down siblings), Enter collapses, `b` goes to the best node, `f` fits, Space plays
 * the replay, +/- zoom. Null for keys the tree leaves to the page.
 */
export function treeKeyAction(key: string, index: TreeIndex, selected: number | null, collapsed: ReadonlySet<number>): KeyAction | null {
  const cur = selected ?? 0;
  const parent = index.parent[cur]!;
  switch (key) {
    case 'ArrowLeft':
      return { type: 'select', id: parent >= 0 ? parent : cur };
    case 'ArrowRight':
      return { type: 'select', id: collapsed.has(cur) ? cur : index.children[cur]![0] ?? cur };
    case 'ArrowUp':
    case 'ArrowDown': {
      const siblings = parent >= 0 ? index.children[parent]! : [cur];
      const at = siblings.indexOf(cur) + (key === 'ArrowUp' ? -1 : 1);
      return { type: 'select', id: siblings[Math.min(siblings.length - 1, Math.max(0, at))] ?? cur };
    }
    case 'Enter':
      return { type: 'toggle', id: cur };
    case 'b':
      return index.tree.bestId === null ? null : { type: 'select', id: index.tree.bestId };
    case 'f':
      return { type: 'fit' };
    case ' ':
      return { type: 'play' };
    case '+':
    case '=':
      return { type: 'zoom', factor: 1.25 };
    case '-':
      return { type: 'zoom', factor: 0.8 };
    default:
      return null;
  }
}
