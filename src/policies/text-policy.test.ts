import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { createMockModel } from '../models/mock-model.js';
import type { GenerateRequest } from '../models/language-model.js';
import { bestOfN } from '../search/best-of-n.js';
import { beam } from '../search/beam.js';
import { SEARCH_ALGORITHMS } from '../search/registry.js';
import { parseTree } from '../core/parse-tree.js';
import type { Verifier } from '../core/reasoning.js';
import { extractMarkedAnswer, parseAnswerMarker } from './answer-marker.js';
import { createTextPolicy } from './text-policy.js';
import { createTextProblem } from './text-problem.js';
import type { TextState } from './text-state.js';

/** A scripted "model": step k of a solution, and the answer at step 3. */
function scripted() {
  return createMockModel({
    id: 'mock:steps',
    respond: (req: GenerateRequest, i) => {
      const last = req.messages?.[req.messages.length - 1];
      const done = last?.role === 'assistant' ? last.content.split('\n\n').filter(Boolean).length : 0;
      const pick = ((req.seed ?? 0) + i) % 3;
      if (done >= 2) return `So the answer is \\boxed{${pick}}.\n\nExtra text after the answer.`;
      return `Step ${done + 1}: option ${pick}\n\nStep that must be cut off`;
    },
  });
}

const constant: Verifier<TextState> = { id: 'const', kind: 'process', score: async (states) => states.map(() => 0.5) };

describe('text step policy', () => {
  it('proposes k sampled steps that end at the delimiter, continuing the partial solution', async () => {
    const model = scripted();
    const policy = createTextPolicy({ model });
    const ctx = createContext({ seed: 1 });
    const steps = await policy.propose({ question: 'What is 1+1?', steps: ['Step 1: think'], done: false }, 3, ctx);
    expect(steps).toHaveLength(3);
    expect(steps.every((s) => s.text.startsWith('Step 2: option') && !s.text.includes('cut off'))).toBe(true);
    const sent = model.calls[0]!;
    expect(sent.n).toBe(3);
    expect(sent.stop).toEqual(['\n\n']);
    expect(sent.messages!.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(sent.messages![2]!.content).toBe('Step 1: think\n\n');
    expect(sent.messages![0]!.content).toContain('\\boxed{}');
    expect(steps[0]!.state).toEqual({ question: 'What is 1+1?', steps: ['Step 1: think', steps[0]!.text], done: false });
    expect(steps[0]!.cost!.tokensIn).toBeGreaterThan(0);
    expect(steps[1]!.cost!.tokensIn).toBeUndefined();
  });

  it('marks a state done at the answer marker or at max steps', async () => {
    const policy = createTextPolicy({ model: scripted(), maxSteps: 2 });
    const ctx = createContext({ seed: 1 });
    const [answered] = await policy.propose({ question: 'q', steps: ['a', 'b'], done: false }, 1, ctx);
    expect(answered!.state.done).toBe(true);
    expect(answered!.text).toMatch(/^So the answer is \\boxed\{\d\}\.$/);
    const [capped] = await policy.propose({ question: 'q', steps: ['a'], done: false }, 1, ctx);
    expect(capped!.state.done).toBe(true);
    expect(await policy.propose(capped!.state, 2, ctx)).toEqual([]);
  });

  it('uses a raw prompt for base models', async () => {
    const model = createMockModel({ respond: () => 'x' });
    await createTextPolicy({ model, format: 'text', answerMarker: 'prefix:Answer:' }).propose({ question: 'Q?', steps: ['s1'], done: false }, 1, createContext());
    expect(model.calls[0]!.prompt).toBe('Solve the problem step by step. Separate the steps with a blank line. Put the final answer on a last line starting with "Answer:".\n\nProblem: Q?\n\nSolution:\ns1\n\n');
  });

  it('extracts answers from boxed and prefix markers', () => {
    expect(extractMarkedAnswer('so \\boxed{\\frac{1}{2}} and \\boxed{3}', 'boxed')).toBe('3');
    expect(extractMarkedAnswer('x = \\boxed{\\frac{1}{2}}', 'boxed')).toBe('\\frac{1}{2}');
    expect(extractMarkedAnswer('no box', 'boxed')).toBeNull();
    expect(extractMarkedAnswer('work\n#### 42\n', parseAnswerMarker('prefix:####'))).toBe('42');
    expect(() => parseAnswerMarker('answer')).toThrow(/boxed/);
  });

  it('runs the search algorithms on a model: best-of-n and beam reach answers; seeded runs repeat', async () => {
    const problem = createTextProblem({ question: 'Pick 2', verify: (a) => a === '2' });
    const run = async () => bestOfN.run(problem, createTextPolicy({ model: scripted() }), constant, { n: 6, maxDepth: 5 }, createContext({ seed: 3 }));
    const a = await run();
    const b = await run();
    expect(a.tree.nodes.filter((n) => n.flags.terminal)).toHaveLength(6);
    expect(a.tree.nodes.map((n) => n.step.text)).toEqual(b.tree.nodes.map((n) => n.step.text));
    const answers = a.tree.nodes.filter((n) => n.flags.terminal).map((n) => n.flags.answer);
    expect(answers.every((x) => ['0', '1', '2'].includes(x!))).toBe(true);
    if (answers.includes('2')) expect(a.verified).toBe(true);

    const beamed = await beam.run(problem, createTextPolicy({ model: scripted() }), constant, { breadth: 2, proposals: 3, maxDepth: 4 }, createContext({ seed: 5 }));
    expect(beamed.tree.nodes.some((n) => n.flags.terminal)).toBe(true);
    expect(beamed.tree.usage.tokensIn).toBeGreaterThan(0);
  });

  it('runs every registered search algorithm on a model', async () => {
    const problem = createTextProblem({ question: 'Pick 2', verify: (a) => a === '2' });
    for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
      const ctx = createContext({ seed: 11, budget: { maxPolicyCalls: 40 } });
      const result = await algorithm.run(problem, createTextPolicy({ model: scripted(), defaultProposals: 3 }), constant, {}, ctx);
      const tree = parseTree(JSON.parse(JSON.stringify(result.tree)), name);
      expect(tree.nodes.length, name).toBeGreaterThan(1);
      expect(tree.model).toBe('mock:steps');
      expect(tree.nodes.some((n) => n.flags.terminal), name).toBe(true);
    }
  });
});
