import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { linearize } from '../linearize/linearize.js';
import { game24Tree } from './test-support/game24-tree.js';
import { syntheticTree } from './test-support/synthetic-tree.js';
import { treePayload } from './tree-payload.js';

describe('treePayload', () => {
  it('carries every format the tree can take, the preferred one first, tiling the linearizer text', async () => {
    const tree = await game24Tree();
    const payload = treePayload(tree, 'sos');
    expect(payload.texts.map((t) => t.format)).toEqual(['sos', 'meta-cot', 'optimal-path']);
    for (const text of payload.texts) {
      const lin = linearize(tree, text.format as 'sos');
      expect(text.segments.map((s) => s.text).join('')).toBe(lin.text);
      expect(text.segments.map((s) => s.nodeId)).toEqual(lin.segments.map((s) => s.nodeId));
    }
    const solution = payload.texts[1]!.segments.filter((s) => s.onWinningPath && s.nodeId === tree.bestId);
    expect(solution.length).toBeGreaterThan(0);
  });

  it('leaves out sos for a tree that is not arithmetic, and rejects unknown formats', () => {
    const tree = syntheticTree({ nodes: 20 });
    expect(treePayload(tree, 'sos').texts.map((t) => t.format)).toEqual(['meta-cot', 'optimal-path']);
    expect(() => treePayload(tree, 'prose')).toThrow(InputError);
  });
});
