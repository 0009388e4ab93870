import { describe, expect, it } from 'vitest';
import { greedy } from './greedy.js';
import { runScripted } from './test-support/run-scripted.js';

describe('greedy', () => {
  it('follows the best-valued proposal and never backtracks', async () => {
    const tree = {
      children: { root: ['a', 'b'], a: ['a1'], b: ['b1', 'b2'], b1: [], b2: ['end'] },
      values: { a: 0.4, b: 0.8, b1: 0.3, b2: 0.6 },
      solutions: ['a1'],
    };
    const { result, visited } = await runScripted(greedy, tree);
    expect(visited).toEqual(['root', 'b', 'b2', 'end']);
    expect(result.stopReason).toBe('completed');
    expect(result.verified).toBe(false);
  });

  it('says solved when the path it takes ends verified, exhausted at a dead end', async () => {
    const solved = await runScripted(greedy, { children: { root: ['a', 'b'], a: [] }, values: { a: 0.9 }, solutions: ['b'] });
    expect(solved.result.stopReason).toBe('solved'); // the verified terminal b scores 1 and wins
    const dead = await runScripted(greedy, { children: { root: ['a'], a: [] }, values: { a: 0.9 } });
    expect(dead.result.stopReason).toBe('exhausted');
  });
});
