import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../core/events.js';
import type { TreeNode } from '../core/tree-schema.js';
import { emptyUsage } from '../core/usage.js';
import { LiveTrace } from './live-trace.js';

function node(id: number, parentId: number | null, text: string, flags: Partial<TreeNode['flags']> = {}): TreeNode {
  return { id, parentId, depth: 0, step: { text }, state: null, scores: {}, flags: { terminal: false, ...flags }, cost: emptyUsage() };
}

describe('LiveTrace', () => {
  it('narrates steps, values, a backtrack in words and the solution, append-only', () => {
    const n = [
      node(0, null, ''),
      node(1, 0, '13 - 9 = 4 (left: 4 4 10)'),
      node(2, 1, '4 + 4 = 8 (left: 8 10)'),
      node(3, 1, '10 - 4 = 6 (left: 4 6)'),
      node(4, 3, '4 * 6 = 24 (left: 24)', { terminal: true, answer: '(13 - 9) * (10 - 4)', verified: true }),
    ];
    const events: SearchEvent[] = [
      { type: 'node', node: n[0]! },
      { type: 'visit', nodeId: 0 },
      { type: 'node', node: n[1]! },
      { type: 'score', nodeId: 1, value: 0.62 },
      { type: 'visit', nodeId: 1 },
      { type: 'node', node: n[2]! },
      { type: 'node', node: n[3]! },
      { type: 'visit', nodeId: 2 },
      { type: 'score', nodeId: 2, value: 0.05 },
      { type: 'score', nodeId: 3, value: 0.98 },
      { type: 'visit', nodeId: 3 },
      { type: 'node', node: n[4]! },
      { type: 'score', nodeId: 4, value: 1 },
      { type: 'done', stopReason: 'solved', bestId: 4, usage: emptyUsage() },
    ];
    // The search stores scores on its nodes as it goes; replay that alongside the events.
    const trace = new LiveTrace();
    let text = '';
    for (const e of events) {
      if (e.type === 'score') n[e.nodeId]!.scores.value = e.value;
      text += trace.push(e);
    }
    expect(text).toBe(
      [
        '13 - 9 = 4 (left: 4 4 10)',
        'value 0.62',
        '4 + 4 = 8 (left: 8 10)',
        'value 0.05',
        'Wait, this path does not look promising.',
        'Going back to (left: 4 4 10).',
        '10 - 4 = 6 (left: 4 6)',
        'value 0.98',
        '4 * 6 = 24 (left: 24)',
        'value 1',
        'Solution:',
        '13 - 9 = 4 (left: 4 4 10)',
        '10 - 4 = 6 (left: 4 6)',
        '4 * 6 = 24 (left: 24)',
        'Answer: (13 - 9) * (10 - 4)',
        '',
      ].join('\n'),
    );
  });

  it('does not present a wrong final answer as a solution', () => {
    const root = node(0, null, '');
    const leaf = node(1, 0, '1 + 1 = 2 (left: 2)', { terminal: true, answer: '1 + 1', verified: false });
    const trace = new LiveTrace();
    let text = '';
    for (const e of [
      { type: 'node', node: root },
      { type: 'visit', nodeId: 0 },
      { type: 'node', node: leaf },
      { type: 'done', stopReason: 'exhausted', bestId: 1, usage: emptyUsage() },
    ] as SearchEvent[]) text += trace.push(e);
    expect(text).toBe('No solution found (the search stopped: exhausted).\n');
    expect(text).not.toContain('Answer');
  });
});
