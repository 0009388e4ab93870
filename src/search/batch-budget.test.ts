import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import type { Policy } from '../core/reasoning.js';
import { bestOfN } from './best-of-n.js';
import { majority } from './majority.js';
import { scriptedProblem, scriptedVerifier, type ScriptedTree } from './test-support/scripted-tree.js';

// root -> one of two terminal answers per call: every rollout is one policy call.
const TREE: ScriptedTree = { children: { root: ['x', 'y'] }, values: { x: 1, y: 0 } };

/** Computes for `ms` without awaiting, as the embedded model does: no timer can fire during a call. */
function busyPolicy(ms: number): Policy<string> {
  return {
    id: 'busy',
    async propose(_state, _count, ctx) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        // busy: the event loop is held, as by a model forward pass
      }
      const pick = ctx.random.int(2) === 0 ? 'x' : 'y';
      return [{ text: `${pick}:${ctx.random.int(1_000_000_000)}`, state: pick }];
    },
  };
}

describe('budgets inside one batch of policy calls', () => {
  it('a wall-clock budget ends a huge batch of blocking calls on time', async () => {
    const started = Date.now();
    const ctx = createContext({ seed: 1, budget: { timeoutMs: 300 } });
    // 100,000 calls of 2 ms each would take 200 s; the budget ends them after about 150.
    const result = await majority.run(scriptedProblem(TREE), busyPolicy(2), scriptedVerifier(TREE), { n: 100_000 }, ctx);
    const elapsed = Date.now() - started;
    expect(result.stopReason).toBe('timeout');
    expect(elapsed).toBeLessThan(2000);
    expect(result.usage.policyCalls).toBeLessThan(1000);
  });

  it('an abort ends a huge batch of blocking calls', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const ctx = createContext({ seed: 1, signal: controller.signal });
    // Without a wall-clock budget the abort is seen between slices of 256 calls (about 0.5 s here).
    const result = await bestOfN.run(scriptedProblem(TREE), busyPolicy(1), scriptedVerifier(TREE), { n: 100_000 }, ctx);
    expect(result.stopReason).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a batch sliced into parts gives every call its own random stream, as one batch would', async () => {
    const run = async () => {
      const ctx = createContext({ seed: 7 });
      const result = await bestOfN.run(scriptedProblem(TREE), busyPolicy(0), scriptedVerifier(TREE), { n: 700 }, ctx);
      return result.tree.nodes.slice(1).map((n) => n.step.text);
    };
    const texts = await run();
    expect(texts).toHaveLength(700);
    // Streams forked by place in the whole batch: no slice repeats another's draws.
    expect(new Set(texts.map((t) => t.split(':')[1])).size).toBe(700);
    expect(await run()).toEqual(texts);
  });
});
