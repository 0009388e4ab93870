import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { SEARCH_ALGORITHMS } from './registry.js';
import { reachTargetPolicy, reachTargetProblem, reachTargetValue } from './test-support/reach-target.js';

// A slow policy (20 ms a call, honouring its signal) aborted after 50 ms: every algorithm
// returns `aborted` at once, having started only the calls that fit in those 50 ms.
describe('abort during a slow policy', () => {
  for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
    it(name, async () => {
      const policy = reachTargetPolicy({ ops: ['+1', '*2', '+3'], delayMs: 20 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const result = await algorithm.run(
        reachTargetProblem({ target: 1000, maxSteps: 30 }),
        policy,
        reachTargetValue({ target: 1000 }),
        name === 'mcts' ? { iterations: 1000 } : name === 'dfs' ? { threshold: 0, maxDepth: 30 } : name === 'best-of-n' || name === 'majority' ? { n: 4, maxDepth: 30 } : { maxDepth: 30 },
        createContext({ seed: 1, signal: controller.signal }),
      );
      const elapsed = Date.now() - started;
      expect(result.stopReason).toBe('aborted');
      expect(elapsed).toBeLessThan(1_000);
      expect(policy.calls.length).toBeGreaterThan(0);
    });
  }
});
