import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import type { Policy, SearchContext, Step } from '../core/reasoning.js';
import { runSearch, SearchRun } from './search-run.js';
import { scriptedProblem, scriptedVerifier, type ScriptedTree } from './test-support/scripted-tree.js';

const TREE: ScriptedTree = { children: { root: ['a', 'b', 'c'], a: ['a1'], b: ['b1'], c: ['c1'] }, values: { a: 0.5 } };

/** A policy whose calls finish in the order given by `delays` (ms), to scramble completion order. */
function delayedPolicy(delays: Record<string, number>): Policy<string> {
  return {
    id: 'delayed',
    async propose(state: string, _count: number, _ctx: SearchContext): Promise<Step<string>[]> {
      await new Promise((r) => setTimeout(r, delays[state] ?? 0));
      return (TREE.children[state] ?? []).map((s) => ({ text: s, state: s, cost: { tokensOut: 1 } }));
    },
  };
}

const hanging: Policy<string> = { id: 'hanging', propose: () => new Promise(() => {}) };

describe('SearchRun', () => {
  it('expandMany records children in the order of its input, however the calls finish', async () => {
    const ctx = createContext({ seed: 1 });
    const run = new SearchRun(scriptedProblem(TREE), delayedPolicy({ a: 30, b: 15, c: 0 }), scriptedVerifier(TREE), ctx, 'test', {});
    const [a, b, c] = await run.expand(run.root, Infinity);
    const kids = await run.expandMany([a!, b!, c!], 1);
    expect(kids.map((k) => k.map((n) => n.state))).toEqual([['a1'], ['b1'], ['c1']]);
    expect(run.nodes.map((n) => n.state)).toEqual(['root', 'a', 'b', 'c', 'a1', 'b1', 'c1']);
    expect(run.visits).toEqual([0, 1, 2, 3]);
    expect(ctx.budget.spent.policyCalls).toBe(4);
  });

  it('expandMany gives concurrent calls their own random streams, so timing cannot change what they draw', async () => {
    // Each call waits first and draws afterwards: with one shared stream the draws would follow completion order.
    const drawingPolicy = (delays: Record<string, number>): Policy<string> => ({
      id: 'drawing',
      async propose(state, _count, ctx) {
        if (state === 'root') return ['a', 'b', 'c'].map((s) => ({ text: s, state: s }));
        await new Promise((r) => setTimeout(r, delays[state] ?? 0));
        return [{ text: `${state}:${ctx.random.int(1_000_000)}`, state: `${state}1` }];
      },
    });
    const drawn = async (delays: Record<string, number>) => {
      const run = new SearchRun(scriptedProblem(TREE), drawingPolicy(delays), scriptedVerifier(TREE), createContext({ seed: 4 }), 'test', {});
      const kids = await run.expand(run.root, Infinity);
      await run.expandMany(kids, 1);
      return run.nodes.slice(4).map((n) => n.step.text);
    };
    const forward = await drawn({ a: 0, b: 10, c: 20 });
    expect(await drawn({ a: 20, b: 10, c: 0 })).toEqual(forward);
    expect(new Set(forward.map((t) => t.split(':')[1])).size).toBe(3);
  });

  it('expandMany cuts its batch to the policy calls left', async () => {
    const ctx = createContext({ seed: 1, budget: { maxPolicyCalls: 3 } });
    const run = new SearchRun(scriptedProblem(TREE), delayedPolicy({}), scriptedVerifier(TREE), ctx, 'test', {});
    const kids = await run.expand(run.root, Infinity);
    expect(await run.expandMany(kids, 1)).toHaveLength(2);
    expect(ctx.budget.spent.policyCalls).toBe(3);
    expect(() => run.guard()).toThrow(/policy-calls/);
  });

  it('evaluate scores what the verifier budget allows, keeps it, then stops the run', async () => {
    const ctx = createContext({ seed: 1, budget: { maxVerifierCalls: 2 } });
    const verifier = scriptedVerifier({ children: {}, values: { a: 0.5, b: 0.25, c: 1 } });
    const run = new SearchRun(scriptedProblem(TREE), delayedPolicy({}), verifier, ctx, 'test', {});
    const kids = await run.expand(run.root, Infinity);
    await expect(run.evaluate(kids)).rejects.toThrow(/verifier-calls/);
    expect(verifier.scored).toEqual(['a', 'b']);
    expect(kids.map((k) => k.scores.value)).toEqual([0.5, 0.25, undefined]);
    expect(ctx.budget.spent.verifierCalls).toBe(2);
  });

  it('stops on the wall-clock budget while a call hangs', async () => {
    const started = Date.now();
    const ctx = createContext({ seed: 1, budget: { timeoutMs: 40 } });
    const result = await runSearch('test', {}, scriptedProblem(TREE), hanging, scriptedVerifier(TREE), ctx, async (run) => {
      await run.expand(run.root, 1);
      return { stopReason: 'completed' };
    });
    expect(result.stopReason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops on abort while a call hangs, and hands the callee a signal that fires', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const policy: Policy<string> = { id: 'p', propose: (_s, _c, ctx) => ((seen = ctx.signal), new Promise(() => {})) };
    const ctx = createContext({ seed: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const result = await runSearch('test', {}, scriptedProblem(TREE), policy, scriptedVerifier(TREE), ctx, async (run) => {
      await run.expand(run.root, 1);
      return { stopReason: 'completed' };
    });
    expect(result.stopReason).toBe('aborted');
    expect(seen?.aborted).toBe(true);
  });

  it('fails loudly when a policy returns more steps than asked for', async () => {
    const greedyPolicy: Policy<string> = { id: 'too-many', propose: async () => [{ text: 'a', state: 'a' }, { text: 'b', state: 'b' }] };
    const run = new SearchRun(scriptedProblem(TREE), greedyPolicy, scriptedVerifier(TREE), createContext({ seed: 1 }), 'test', {});
    await expect(run.expand(run.root, 1)).rejects.toThrow('policy too-many returned 2 steps when asked for at most 1');
  });

  it('lets the event loop turn during a CPU-bound search, so a timer can abort it', async () => {
    // An endless chain of instant policy calls: without yielding, the abort timer would never fire.
    const endless: Policy<string> = { id: 'endless', propose: async (state) => [{ text: 'next', state: `${state}+` }] };
    const problem = { ...scriptedProblem(TREE), isTerminal: () => false };
    const controller = new AbortController();
    const ctx = createContext({ seed: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const result = await runSearch('test', {}, problem, endless, scriptedVerifier(TREE), ctx, async (run) => {
      for (let node = run.root; ; ) node = (await run.expand(node, 1))[0]!;
    });
    expect(result.stopReason).toBe('aborted');
    expect(result.tree.nodes.length).toBeGreaterThan(10);
  });

  it('lets other errors of a callee through', async () => {
    const failing: Policy<string> = { id: 'f', propose: async () => { throw new Error('server said no'); } };
    const ctx = createContext({ seed: 1, signal: new AbortController().signal });
    await expect(runSearch('test', {}, scriptedProblem(TREE), failing, scriptedVerifier(TREE), ctx, async (run) => {
      await run.expand(run.root, 1);
      return { stopReason: 'completed' };
    })).rejects.toThrow('server said no');
  });
});
