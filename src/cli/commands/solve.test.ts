import { describe, expect, it } from 'vitest';
import { parseTree } from '../../core/tree-schema.js';
import { checkAnswer } from '../../tasks/arith/check-answer.js';
import { fromInteger } from '../../tasks/arith/rational.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

describe('metacot solve', () => {
  it('prints the linearized search and a verified answer', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'symbolic']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Solution:$/m);
    expect(stdout).toMatch(/^verified: .+ = 24$/m);
  });

  it('--json gives answer, verified, search, model, usage, trace and a valid tree', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'symbolic', '--json', '--search', 'beam-5']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ verified: true, search: 'beam', model: 'symbolic' });
    expect(checkAnswer(out.answer, [4, 9, 10, 13].map(fromInteger), 24, { rules: 'rational' }).ok).toBe(true);
    expect(out.usage.policyCalls).toBeGreaterThan(0);
    expect(out.trace).toContain('Answer:');
    const tree = parseTree(out.tree);
    expect(tree.nodes[tree.bestId!]!.flags.verified).toBe(true);
  });

  it('is reproducible for a seed and honours the sos format', async () => {
    const args = ['solve', '3 3 8 8', '--model', 'symbolic', '--search', 'mcts-64', '--seed', '5', '--format', 'sos', '--json'];
    const a = JSON.parse((await runCliCaptured(args)).stdout), b = JSON.parse((await runCliCaptured(args)).stdout);
    expect(a.trace).toBe(b.trace);
    expect(a.trace).toMatch(/^Current State: 24:\[3, 3, 8, 8\], Operations: \[\]$/m);
  });

  it('reports an unsolvable puzzle as unsolved with exit 1', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '1 1 1 1', '--model', 'symbolic']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^unsolved \(exhausted\)/m);
  });

  it('stops at a budget and says which', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '1 1 1 1', '--model', 'symbolic', '--max-policy-calls', '2', '--json']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.stopReason).toBe('policy-calls');
    expect(out.usage.policyCalls).toBe(2);
  });

  it.each([
    [['solve', '4 9 x', '--model', 'symbolic'], /'x' is not a number/],
    [['solve', '4 9 10 13', '--search', 'nope'], /unknown search 'nope'; valid: greedy, best-of-n/],
    [['solve', '4 9 10 13', '--max-tokens', '-3'], /--max-tokens must be a non-negative integer, got '-3'/],
    [['solve', '4 9 10 13', '--max-policy-calls', 'lots'], /--max-policy-calls must be a non-negative integer/],
    [['solve', '4 9 10 13', '--format', 'xml'], /unknown --format 'xml'; valid: meta-cot, sos, optimal-path/],
    [['solve', '4 9 10 13', '--model', 'symbolic', '--search-opt', 'breadth'], /must look like key=value/],
  ])('rejects bad input with one line and exit 2: %j', async (argv, message) => {
    const { code, stderr } = await runCliCaptured(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(stderr.includes('--help') ? 2 : 1);
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('metacot solve token budget', () => {
  it('charges the symbolic policy for the lines it writes and stops at --max-tokens', async () => {
    const { stdout } = await runCliCaptured(['solve', '1 1 1 1', '--model', 'symbolic', '--max-tokens', '50', '--json']);
    const out = JSON.parse(stdout);
    expect(out.stopReason).toBe('tokens');
    expect(out.usage.tokensOut).toBeGreaterThanOrEqual(50);
  });
});

describe('metacot solve with the shipped embedded model (the default)', () => {
  it('solves with the model searching in its own context; --json names the model', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '4 9 10 13', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ verified: true, search: 'in-context', model: 'embedded:game24-metacot' });
    expect(checkAnswer(out.answer, [4, 9, 10, 13].map(fromInteger), 24, { rules: 'rational' }).ok).toBe(true);
    expect(out.usage.tokensOut).toBeGreaterThan(0);
    expect(out.trace).toMatch(/^Answer: .+ = 24$/m);
    parseTree(out.tree);
  });

  it('linearizes the model\'s own search in the Stream of Search format too', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '4 9 10 13', '--format', 'sos', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.trace).toMatch(/^Current State: 24:\[4, 9, 10, 13\], Operations: \[\]$/m);
    expect(out.trace).toMatch(/^24,24 equal: Goal Reached$/m);
  });

  it('runs a tree search with the model as policy when asked', async () => {
    const { stdout } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'embedded', '--search', 'beam-3', '--json']);
    const out = JSON.parse(stdout);
    expect(out.search).toBe('beam');
    expect(out.model).toBe('embedded:game24-metacot');
    expect(out.usage.policyCalls).toBeGreaterThan(0);
    parseTree(out.tree);
  });

  it('names a missing embedded model', async () => {
    const { code, stderr } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'embedded:nope']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no embedded model 'nope'/);
  });
});
