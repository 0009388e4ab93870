import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import type { SearchProblem } from '../core/reasoning.js';
import { defineSearch } from './define-search.js';

const problem: SearchProblem<number> = {
  id: 'count', task: 'test', prompt: 'reach 2', input: null,
  initialState: () => 0, isTerminal: (s) => s >= 2, answer: (s) => (s >= 2 ? String(s) : null), verify: (s) => s === 2, key: String,
};

describe('defineSearch', () => {
  const walk = defineSearch<{ depth: number; strict: boolean }>({
    name: 'walk', description: 'steps down the first proposal', defaults: { depth: 3, strict: false },
    rules: { depth: { type: 'integer', min: 1, max: 5, description: 'most steps' }, strict: { type: 'boolean', description: 'refuse depth 4' } },
    check: (o) => {
      if (o.strict && o.depth === 4) throw new Error('walk: depth 4 with strict');
    },
    body: async (run, o) => {
      let node = run.root;
      while (node.depth < o.depth && !node.flags.terminal) [node] = await run.expand(node, 1) as [typeof node];
      return { stopReason: node.flags.verified ? 'solved' : 'completed', best: node };
    },
  });

  it('checks options before running (each rule, then across options) and runs the body under its name', async () => {
    expect(walk.resolveOptions({})).toEqual({ depth: 3, strict: false });
    expect(() => walk.resolveOptions({ depth: 9 })).toThrow(/walk: option 'depth'/);
    expect(() => walk.resolveOptions({ wide: 1 })).toThrow(/unknown option 'wide'/);
    expect(() => walk.resolveOptions({ depth: 4, strict: true })).toThrow(/depth 4 with strict/);
    const policy = { id: 'inc', propose: async (s: number) => [{ text: `+1`, state: s + 1 }] };
    const verifier = { id: 'flat', kind: 'process' as const, score: async (states: readonly number[]) => states.map(() => 0.5) };
    const result = await walk.run(problem, policy, verifier, {}, createContext({ seed: 1 }));
    expect(result.tree.search.name).toBe('walk');
    expect(result.verified).toBe(true);
    await expect(walk.run(problem, policy, verifier, { depth: 0 }, createContext({ seed: 1 }))).rejects.toThrow(/walk: option 'depth'/);
  });

  it('takes exactly one of body and run', () => {
    expect(() => defineSearch({ name: 'none', description: '', defaults: {}, rules: {} })).toThrow(/exactly one of body and run/);
  });
});
