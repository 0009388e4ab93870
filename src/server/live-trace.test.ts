import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import type { SearchEvent } from '../core/events.js';
import type { TreeNode } from '../core/tree-schema.js';
import { emptyUsage } from '../core/usage.js';
import { linearize, parseTrace } from '../linearize/linearize.js';
import { parseSearchSpec } from '../search/parse-search-spec.js';
import { multHeuristicValue } from '../tasks/arith/arith-values.js';
import { symbolicPolicy } from '../policies/symbolic-policy.js';
import { game24FromNumbers } from '../tasks/game24/game24-problem.js';
import { LiveTrace } from './live-trace.js';

function textNode(id: number, parentId: number | null, text: string, flags: Partial<TreeNode['flags']> = {}): TreeNode {
  return { id, parentId, depth: 0, step: { text }, state: { question: 'q', steps: [], done: false }, scores: {}, flags: { terminal: false, ...flags }, cost: emptyUsage() };
}

/** Runs a real search offline and returns what LiveTrace wrote from its events, and the tree. */
async function traced(spec: string, numbers: string) {
  const problem = game24FromNumbers(numbers);
  const trace = new LiveTrace();
  let text = '';
  const ctx = createContext({ seed: 3, budget: { maxPolicyCalls: 300 }, emit: (e) => (text += trace.push(e)) });
  const { algorithm, options } = parseSearchSpec(spec);
  const result = await algorithm.run(problem, symbolicPolicy({ rules: 'rational' }), multHeuristicValue(), options, ctx);
  return { text, tree: result.tree };
}

describe('LiveTrace', () => {
  it('writes text steps with value lines, a backtrack in words and the solution', () => {
    const n = [
      textNode(0, null, ''),
      textNode(1, 0, 'Try x = 2.'),
      textNode(2, 1, 'Then y = 5, too big.'),
      textNode(3, 1, 'So y = 3.'),
      textNode(4, 3, 'The answer is \\boxed{3}.', { terminal: true, answer: '3', verified: true }),
    ];
    const events: SearchEvent[] = [
      { type: 'node', node: n[0]! },
      { type: 'visit', nodeId: 0 },
      { type: 'node', node: n[1]! },
      { type: 'score', nodeId: 1, value: 0.62 },
      { type: 'visit', nodeId: 1 },
      { type: 'node', node: n[2]! },
      { type: 'node', node: n[3]! },
      { type: 'score', nodeId: 2, value: 0.05 },
      { type: 'visit', nodeId: 2 },
      { type: 'score', nodeId: 3, value: 0.98 },
      { type: 'visit', nodeId: 3 },
      { type: 'visit', nodeId: 1 }, // a revisit writes nothing
      { type: 'node', node: n[4]! },
      { type: 'score', nodeId: 4, value: 1 },
      { type: 'done', stopReason: 'solved', bestId: 4, usage: emptyUsage() },
    ];
    const trace = new LiveTrace();
    let text = '';
    for (const e of events) {
      // The search stores scores on its nodes as it goes; replay that alongside the events.
      if (e.type === 'score') n[e.nodeId]!.scores.value = e.value;
      text += trace.push(e);
    }
    expect(text).toBe(
      [
        'Try x = 2.', 'value 0.62',
        'Then y = 5, too big.', 'value 0.05',
        'Hmm, another path looks more promising. Going back to step 1.',
        'So y = 3.', 'value 0.98',
        'The answer is \\boxed{3}.', 'value 1',
        'Solution:',
        'Try x = 2.', '',
        'So y = 3.', '',
        'The answer is \\boxed{3}.', '',
        'Answer: 3',
        '',
      ].join('\n'),
    );
  });

  it('does not present a wrong final answer as a solution', () => {
    const root = textNode(0, null, '');
    const leaf = textNode(1, 0, 'It is 7.', { terminal: true, answer: '7', verified: false });
    const trace = new LiveTrace();
    let text = '';
    for (const e of [
      { type: 'node', node: root },
      { type: 'visit', nodeId: 0 },
      { type: 'node', node: leaf },
      { type: 'done', stopReason: 'exhausted', bestId: 1, usage: emptyUsage() },
    ] as SearchEvent[]) text += trace.push(e);
    expect(text).toBe('No solution found.\n');
  });

  it('equals the linearizer for a best-first search that stops at its goal', async () => {
    const { text, tree } = await traced('astar', '4 9 10 13');
    expect(tree.verified).toBe(true);
    // Same steps, values, references and solution; only the wording of reasons may differ.
    const strip = (t: string) => t.replace(/^.*(Going back to .*)$/gm, '$1');
    expect(strip(text)).toBe(strip(linearize(tree, 'meta-cot').text));
  });

  for (const spec of ['astar', 'dfs', 'beam-3', 'mcts-40', 'bon-8']) {
    it(`reads back like the linearizer's text (${spec})`, async () => {
      const { text, tree } = await traced(spec, '1 1 4 6');
      const live = parseTrace(text, 'meta-cot');
      const reference = parseTrace(linearize(tree, 'meta-cot').text, 'meta-cot');
      expect(live.answer).toBe(reference.answer);
      expect(live.solution).toEqual(reference.solution);
      // Every step the linearizer wrote was streamed, with the same parent step text.
      const key = (steps: typeof live.steps, k: number) => `${steps[k]!.parent < 0 ? '' : steps[steps[k]!.parent]!.text} -> ${steps[k]!.text}`;
      const liveKeys = new Set(live.steps.map((_, k) => key(live.steps, k)));
      for (let k = 0; k < reference.steps.length; k++) expect(liveKeys.has(key(reference.steps, k))).toBe(true);
    });
  }
});
