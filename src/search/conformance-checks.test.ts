import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import type { SearchEvent } from '../core/events.js';
import { expectAccounting, expectConsistent } from './conformance.case.js';
import { dfs } from './dfs.js';
import { reachTargetPolicy, reachTargetProblem, reachTargetValue } from './test-support/reach-target.js';

// The suite's checks must fail on broken results, not only pass on good ones.
async function goodRun() {
  const events: SearchEvent[] = [];
  const policy = reachTargetPolicy({ ops: ['+1', '*2', '+3'] });
  const result = await dfs.run(reachTargetProblem({ target: 13 }), policy, reachTargetValue({ target: 13 }), {}, createContext({ seed: 1, emit: (e) => events.push(e) }));
  return { result, events, log: { policyCalls: policy.calls.length, inFlight: 0 } };
}

describe('conformance checks', () => {
  it('pass on a real run', async () => {
    const { result, events, log } = await goodRun();
    expectConsistent(result, events);
    expectAccounting(result, log);
  });

  it('catch a node created before its parent was visited', async () => {
    const { result, events } = await goodRun();
    const firstChild = events.findIndex((e) => e.type === 'node' && e.node.parentId === 0);
    const rootVisit = events.findIndex((e) => e.type === 'visit' && e.nodeId === 0);
    [events[firstChild], events[rootVisit]] = [events[rootVisit]!, events[firstChild]!];
    expect(() => expectConsistent(result, events)).toThrow(/created before its parent/);
  });

  it('catch a visit the events never announced, and a missing done', async () => {
    const { result, events } = await goodRun();
    expect(() => expectConsistent({ ...result, tree: { ...result.tree, visits: [...result.tree.visits, 0] } }, events)).toThrow(/visit order/);
    expect(() => expectConsistent(result, events.slice(0, -1))).toThrow();
  });

  it('catch a best that is not in the tree as returned, or an answer that is not the best one', async () => {
    const { result, events } = await goodRun();
    expect(() => expectConsistent({ ...result, answer: 'something else' }, events)).toThrow();
    expect(() => expectConsistent({ ...result, verified: !result.verified }, events)).toThrow();
  });

  it('catch costs that do not add up', async () => {
    const { result, log } = await goodRun();
    const nodes = result.tree.nodes.map((n, i) => (i === 1 ? { ...n, cost: { ...n.cost, tokensOut: n.cost.tokensOut + 1 } } : n));
    expect(() => expectAccounting({ ...result, tree: { ...result.tree, nodes } }, log)).toThrow();
    expect(() => expectAccounting(result, { ...log, policyCalls: log.policyCalls + 1 })).toThrow();
  });
});
