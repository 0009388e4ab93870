import { describe, expect, it } from 'vitest';
import { parseTree } from '../../core/parse-tree.js';
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

  it('proves an unsolvable puzzle has no solution with a complete search (exit 1), and says unsolved after an incomplete one', async () => {
    const proof = await runCliCaptured(['solve', '1 1 1 1', '--model', 'symbolic']);
    expect(proof.code).toBe(1);
    expect(proof.stdout).toMatch(/^no solution: the search tried every legal step and none reaches 24$/m);
    const beam = await runCliCaptured(['solve', '1 1 1 1', '--model', 'symbolic', '--search', 'beam-2x2', '--json']);
    expect(beam.code).toBe(1);
    expect(JSON.parse(beam.stdout)).toMatchObject({ verified: false, verdict: 'unsolved' });
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
    [['solve', '4 9 10 13', '--max-tokens', '-3'], /--max-tokens must be an integer in \[0, 1e12\], got '-3'/],
    [['solve', '4 9 10 13', '--max-policy-calls', 'lots'], /--max-policy-calls must be an integer in \[0, 1e12\]/],
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
  it('charges the symbolic policy for the lines it writes and stops at --max-tokens, never past it', async () => {
    const { stdout } = await runCliCaptured(['solve', '1 1 1 1', '--model', 'symbolic', '--max-tokens', '50', '--json']);
    const out = JSON.parse(stdout);
    expect(out.stopReason).toBe('tokens');
    expect(out.usage.tokensOut).toBeGreaterThan(0);
    expect(out.usage.tokensOut).toBeLessThanOrEqual(50);
  });
});

describe('metacot solve with the shipped embedded model (the default)', () => {
  it('solves with the model searching in its own context; --json names the model', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '4 9 10 13', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ verified: true, search: 'adaptive', model: 'embedded:game24-rl' });
    expect(out.attempts[0]).toMatchObject({ method: 'in-context', samples: 1, temperature: 0, solved: true });
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
    expect(out.model).toBe('embedded:game24-rl');
    expect(out.usage.policyCalls).toBeGreaterThan(0);
    parseTree(out.tree);
  });

  it('names a missing embedded model', async () => {
    const { code, stderr } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'embedded:nope']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no embedded model 'nope'/);
  });
});

describe('metacot solve: the adaptive default and the exit-code contract', () => {
  it('spends more compute only where greedy fails, and reports every attempt', async () => {
    // 1 4 5 6 (rank 1360 of 24.csv): the shipped model's greedy search gives up on it.
    const { code, stdout } = await runCliCaptured(['solve', '1 4 5 6', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ verified: true, verdict: 'verified', search: 'adaptive' });
    expect(out.attempts.map((a: { method: string }) => a.method)).toEqual(['in-context', 'in-context', 'guided-best-first']);
    expect(out.attempts[0]).toMatchObject({ samples: 1, temperature: 0, solved: false });
    expect(out.attempts.at(-1)).toMatchObject({ solved: true, generatedTokens: 0 });
    for (const a of out.attempts) expect(a.processedTokens).toBeGreaterThan(0);
    expect(checkAnswer(out.answer, [1, 4, 5, 6].map(fromInteger), 24, { rules: 'rational' }).ok).toBe(true);
  });

  it('proves no solution with the model-guided search (exit 1) and prints no answer', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '1 1 1 1']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^no solution: /m);
    expect(stdout).toMatch(/attempt: guided-best-first: exhausted/);
    expect(stdout).not.toMatch(/= 24$/m);
  });

  it('sends numbers the model was not trained on to the symbolic policy and says so', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '1000 1000 24 1']);
    expect(code).toBe(0);
    // Every shipped model is named with its reason (countdown-metacot for another task, the Game of 24 models for their range).
    expect(stdout).toMatch(/^note: no shipped embedded model fits this puzzle \((embedded:[\w-]+: it was trained on [^;]+; )*embedded:game24-metacot: it was trained on numbers 1–13, and 1000 is outside them(; embedded:[\w-]+: it was trained on [^;)]+)*\); solved with the symbolic policy$/m);
    expect(stdout).toMatch(/embedded:countdown-metacot: it was trained on numbers 1–99, and 1000 is outside them/);
    expect(stdout).not.toMatch(/= =/);
  });

  it('sends a target no model was trained for to the symbolic policy, and refuses it for the model alone', async () => {
    const fallback = await runCliCaptured(['solve', '3 7 11 25', '--target', '5', '--json']);
    expect(fallback.code).toBe(0);
    const out = JSON.parse(fallback.stdout);
    expect(out).toMatchObject({ verified: true, model: 'symbolic' });
    expect(out.notes[0]).toMatch(/not 5/);
    const named = await runCliCaptured(['solve', '3 7 11 25', '--target', '97', '--model', 'embedded:game24-metacot']);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/^metacot: --model embedded:game24-metacot does not fit this puzzle: .*97/);
  });

  it('picks the RL Countdown model by default, and the SFT one by name', async () => {
    const named = JSON.parse((await runCliCaptured(['solve', '3 7 11 25', '--target', '97', '--model', 'embedded:countdown-metacot', '--json'])).stdout);
    expect(named).toMatchObject({ verified: true, model: 'embedded:countdown-metacot' });
    expect(named.attempts[0]).toMatchObject({ method: 'in-context', solved: true });
    const picked = JSON.parse((await runCliCaptured(['solve', '3 7 11 25', '--task', 'countdown', '--model', 'embedded', '--json'])).stdout);
    expect(picked.model).toBe('embedded:countdown-rl');
  });

  it('solves a Countdown target under Game of 24 rules with the Countdown model, whose whole-number answers hold there too', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '3 7 11 25', '--target', '97', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ verified: true, verdict: 'verified', model: 'embedded:countdown-rl' });
    expect(out.notes.join(' ')).toMatch(/^embedded:countdown-rl plays by Countdown's rules \(whole numbers only\)/);
    expect(checkAnswer(out.answer, [3, 7, 11, 25].map(fromInteger), 97, { rules: 'rational' }).ok).toBe(true);
    // The default in-context search folds its context and searches on past it: this greedy
    // search read more tokens than the model's 768-token context holds, in one attempt.
    expect(out.attempts[0]).toMatchObject({ method: 'in-context', solved: true });
    expect(out.attempts[0].processedTokens).toBeGreaterThan(768);
    expect(out.attempts[0].folds).toBeGreaterThanOrEqual(1);
    // fold=false: the search ends with its context (this one then fails within it).
    for (const search of ['in-context', 'adaptive']) {
      const noResamples = search === 'adaptive' ? ['--search-opt', 'resamples=0'] : [];
      const plain = JSON.parse((await runCliCaptured(['solve', '3 7 11 25', '--target', '97', '--json', '--search', search, '--search-opt', 'fold=false', ...noResamples])).stdout);
      expect(plain.attempts[0].method).toBe('in-context');
      // One context: at most 768 positions read, plus the last token written, never read.
      expect(plain.attempts[0].processedTokens).toBeLessThanOrEqual(769);
      expect(plain.attempts[0].folds).toBe(0);
    }
    const bad = await runCliCaptured(['solve', '3 7 11 25', '--target', '97', '--search', 'in-context', '--search-opt', 'fold=maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fold/);
  });

  it('looks again before a folded search gives up with budget left, and says so', async () => {
    // A Countdown training-split problem whose greedy folded search gives up after about
    // 780 tokens; on Countdown's integers it takes the last look directly (a complete search).
    const run = await runCliCaptured(['solve', '86 73 6 6', '--target', '78', '--model', 'embedded:countdown-metacot', '--search', 'in-context', '--json']);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ verified: true, model: 'embedded:countdown-metacot' });
    expect(out.attempts).toHaveLength(1);
    expect(out.attempts[0]).toMatchObject({ method: 'in-context', solved: true, secondLooks: 1, lastLooks: 1 });
    // The default (adaptive) search reports it on its first, greedy attempt.
    const text = await runCliCaptured(['solve', '86 73 6 6', '--target', '78', '--model', 'embedded:countdown-metacot']);
    expect(text.stdout).toMatch(/attempt: in-context, 1 sample at T=0: solved, \d+ tokens written, .*, last look \(a complete search\) taken, /);
    // Without it (one context, fold=false) the search never looks again.
    const plain = JSON.parse((await runCliCaptured(['solve', '86 73 6 6', '--target', '78', '--search', 'in-context', '--search-opt', 'fold=false', '--json'])).stdout);
    expect(plain.attempts[0].secondLooks).toBeUndefined();
  });

  it('does not take a whole-number search for a proof under rules that allow fractions: the symbolic policy settles it', async () => {
    // 1 3 3 7 makes 10 only through a fraction (e.g. (1 + 7/3) * 3), so the Countdown model cannot find it.
    const fractional = await runCliCaptured(['solve', '1 3 3 7', '--target', '10', '--json']);
    const found = JSON.parse(fractional.stdout);
    expect(fractional.code).toBe(0);
    expect(found).toMatchObject({ verified: true, verdict: 'verified' });
    expect(found.attempts.at(-1).method).toBe('symbolic-best-first');
    expect(checkAnswer(found.answer, [1, 3, 3, 7].map(fromInteger), 10, { rules: 'rational' }).ok).toBe(true);
    const none = await runCliCaptured(['solve', '1 1 1 1', '--target', '97', '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ verdict: 'no-solution', verified: false });
    // Under Countdown's own rules the model's exhaustive search is the proof.
    const own = await runCliCaptured(['solve', '1 3 3 7', '--target', '10', '--task', 'countdown', '--json']);
    expect(own.code).toBe(1);
    const proved = JSON.parse(own.stdout);
    expect(proved).toMatchObject({ verdict: 'no-solution', model: 'embedded:countdown-rl' });
    // Its greedy search looked at every state before giving up: no samples after it.
    expect(proved.attempts.map((a: { method: string }) => a.method)).toEqual(['in-context', 'guided-best-first']);
    expect(proved.attempts[0]).toMatchObject({ solved: false, stopReason: 'exhausted', lastLooks: 1 });
  });

  // Every search with the embedded model keeps the contract: 0 verified, 1 not, never a
  // wrong answer presented as reaching the target, and no unknown value lines.
  it.each(['adaptive', 'in-context', 'bon-4', 'maj-4', 'greedy', 'beam-3', 'dfs', 'best-first', 'astar', 'mcts-64'])('keeps the exit-code contract with --search %s', async (search) => {
    for (const [puzzle, solvable] of [['4 9 10 13', true], ['1 1 1 1', false]] as const) {
      const { code, stdout } = await runCliCaptured(['solve', puzzle, '--search', search, '--json']);
      const out = JSON.parse(stdout);
      expect(code).toBe(out.verified ? 0 : 1);
      if (!solvable) expect(out.verified).toBe(false);
      if (out.verified) expect(checkAnswer(out.answer, puzzle.split(' ').map(Number).map(fromInteger), 24, { rules: 'rational' }).ok).toBe(true);
      expect(out.trace).not.toMatch(/value \?/);
    }
  });
});

describe('metacot solve: traces of sampled rollouts', () => {
  it('writes no value line for steps nobody scored', async () => {
    const { stdout } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'symbolic', '--search', 'bon-4', '--seed', '3']);
    expect(stdout).toMatch(/\(left: /);
    expect(stdout).not.toMatch(/value \?/);
  });
});

describe('metacot solve: budgets bound the adaptive search', () => {
  it('stops at the time budget inside a phase, exit 1', async () => {
    const started = Date.now();
    const { code, stdout } = await runCliCaptured(['solve', '1 1 1 1', '--timeout', '30', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ verified: false, verdict: 'unsolved', stopReason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops at the token budget: the in-context phases never write more than it allows', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '1 4 5 6', '--max-tokens', '40', '--json']);
    const out = JSON.parse(stdout);
    expect(code).toBe(out.verified ? 0 : 1);
    const written = out.attempts.reduce((s: number, a: { generatedTokens: number }) => s + a.generatedTokens, 0);
    expect(written).toBeLessThanOrEqual(40);
  });

  it('a time budget cuts N in-context searches too, exit 1', async () => {
    const { code, stdout } = await runCliCaptured(['solve', '1 1 1 1', '--search', 'bon-256', '--timeout', '30', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ verified: false, stopReason: 'timeout' });
  });
});
