import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import type { Policy, SearchProblem } from '../../core/reasoning.js';
import { createMockModel } from '../../models/mock-model.js';
import type { TextState } from '../../policies/text-state.js';
import { aggregateStepScores, parseStepAggregation } from './aggregate-steps.js';
import { createJudgeVerifier } from './judge-verifier.js';
import { createRewardModelVerifier, qwenPrmInput } from './reward-model-verifier.js';
import { createRolloutValue } from './rollout-value.js';
import { createTextSearchSetup } from './text-search-setup.js';
import { createModelSearchSetup, isNumberPuzzle } from './model-search-setup.js';
import { yesProbability, yesVoteShare } from './yes-no-probability.js';

const state = (steps: string[], done = false): TextState => ({ question: 'What is 2+2?', steps, done });

function jsonFetch(reply: (body: any, url: string) => unknown) {
  const sent: Array<{ url: string; body: any }> = [];
  const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    sent.push({ url: String(url), body });
    return new Response(JSON.stringify(reply(body, String(url))), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

describe('step score aggregation', () => {
  it('computes last, min, product and mean', () => {
    const s = [0.9, 0.5, 0.8];
    expect(aggregateStepScores(s, 'last')).toBe(0.8);
    expect(aggregateStepScores(s, 'min')).toBe(0.5);
    expect(aggregateStepScores(s, 'product')).toBeCloseTo(0.36);
    expect(aggregateStepScores(s, 'mean')).toBeCloseTo(2.2 / 3);
    expect(aggregateStepScores([], 'min')).toBe(0.5);
    expect(() => parseStepAggregation('max')).toThrow(/last, min, product, mean/);
  });
});

describe('Yes/No judges', () => {
  it('score P(Yes) from the first token logprobs, normalised over Yes and No', async () => {
    const model = createMockModel({
      respond: (req) => {
        const good = req.messages![0]!.content.includes('2 + 2 = 4');
        const [yes, no] = good ? [Math.log(0.8), Math.log(0.1)] : [Math.log(0.2), Math.log(0.6)];
        return { text: good ? 'Yes' : ' no', finishReason: 'stop', logprobs: [{ token: good ? 'Yes' : ' no', logprob: good ? yes : no, top: [{ token: 'Yes', logprob: yes }, { token: ' no', logprob: no }, { token: 'Maybe', logprob: Math.log(0.05) }] }] };
      },
    });
    const judge = createJudgeVerifier({ model, kind: 'process' });
    const ctx = createContext({ seed: 1 });
    const [good, bad] = await judge.score([state(['2 + 2 = 4']), state(['2 + 2 = 5'])], ctx);
    expect(good).toBeCloseTo(0.8 / 0.9);
    expect(bad).toBeCloseTo(0.2 / 0.8);
    expect(model.calls[0]).toMatchObject({ maxTokens: 1, temperature: 0, logprobs: true, topLogprobs: 10 });
    expect(model.calls[0]!.messages![0]!.content).toContain('Steps so far:\n2 + 2 = 4');
    expect(ctx.budget.spent.tokensIn).toBeGreaterThan(0);
    expect(judge.kind).toBe('process');
  });

  it('fall back to the share of sampled Yes votes when the server gives no logprobs', async () => {
    const model = createMockModel({ respond: (req, i) => (req.n === 5 ? (i < 3 ? 'Yes.' : 'No') : 'Yes') });
    const judge = createJudgeVerifier({ model, kind: 'outcome' });
    const [score] = await judge.score([state(['\\boxed{4}'], true)], createContext());
    expect(score).toBeCloseTo(3 / 5);
    expect(model.calls.map((c) => c.n)).toEqual([undefined, 5]);
    expect(model.calls[0]!.messages![0]!.content).toContain('Proposed solution:');
  });

  it('reads yes/no tokens and votes robustly', () => {
    expect(yesProbability({ text: 'x', finishReason: 'stop' })).toBeNull();
    expect(yesProbability({ text: 'Yes', finishReason: 'stop', logprobs: [{ token: ' Yes', logprob: Math.log(0.7) }] })).toBe(1);
    expect(yesProbability({ text: 'Hm', finishReason: 'stop', logprobs: [{ token: 'Hm', logprob: -0.1, top: [{ token: 'Hm', logprob: -0.1 }] }] })).toBeNull();
    expect(yesVoteShare([{ text: 'no', finishReason: 'stop' }, { text: '**Yes**', finishReason: 'stop' }, { text: '?', finishReason: 'stop' }])).toBe(0.5);
    expect(yesVoteShare([])).toBe(0.5);
  });
});

describe('reward-model verifier', () => {
  it('speaks vLLM pooling for a process reward model and aggregates step scores', async () => {
    const { fetch, sent } = jsonFetch((body) => ({
      object: 'list',
      data: body.input.map((_: string, index: number) => ({ index, object: 'pooling', data: index === 0 ? [[0.1, 0.9], [0.4, 0.6]] : [[0.7, 0.3]] })),
    }));
    const prm = createRewardModelVerifier({ url: 'http://prm.test:8000/', protocol: 'pooling', model: 'Qwen/Qwen2.5-Math-PRM-7B', fetch, aggregate: 'min' });
    const scores = await prm.score([state(['a', 'b']), state(['c'])], createContext());
    expect(scores[0]).toBeCloseTo(0.6);
    expect(scores[1]).toBeCloseTo(0.3);
    expect(sent[0]!.url).toBe('http://prm.test:8000/pooling');
    expect(sent[0]!.body.model).toBe('Qwen/Qwen2.5-Math-PRM-7B');
    expect(sent[0]!.body.input[0]).toBe(qwenPrmInput('What is 2+2?', ['a', 'b']));
    expect(sent[0]!.body.input[0]).toContain('a<extra_0>b<extra_0><|im_end|>');
  });

  it('speaks vLLM classify and the plain JSON contract', async () => {
    const classify = jsonFetch((body) => ({ data: body.input.map((_: string, index: number) => ({ index, probs: [0.25, 0.75] })) }));
    const orm = createRewardModelVerifier({ url: 'http://rm.test', protocol: 'classify', model: 'rm', fetch: classify.fetch, kind: 'outcome' });
    expect(await orm.score([state(['x'])], createContext())).toEqual([0.75]);
    expect(classify.sent[0]!.url).toBe('http://rm.test/classify');

    const custom = jsonFetch((body) => ({ scores: body.items.map((item: { steps: string[] }) => (item.steps.length > 1 ? [0.5, 2] : 0.25)) }));
    const json = createRewardModelVerifier({ url: 'http://custom.test/score', protocol: 'json', fetch: custom.fetch, aggregate: 'last' });
    const scores = await json.score([state(['a', 'b']), state(['c'])], createContext());
    expect(scores[0]).toBeCloseTo(1 / (1 + Math.exp(-2))); // a raw logit is squashed
    expect(scores[1]).toBe(0.25);
    expect(custom.sent[0]!.body).toEqual({ items: [{ question: 'What is 2+2?', steps: ['a', 'b'] }, { question: 'What is 2+2?', steps: ['c'] }] });
  });

  it('retries what a retry can help, then reports HTTP errors on one line naming the endpoint', async () => {
    let calls = 0;
    const flaky = (async () => (++calls === 1
      ? new Response('busy', { status: 429, headers: { 'retry-after': '1' } })
      : new Response(JSON.stringify({ data: [{ index: 0, data: [[0.2, 0.8]] }] }), { status: 200 }))) as typeof globalThis.fetch;
    const waits: number[] = [];
    const ok = createRewardModelVerifier({ url: 'http://prm.test:8000', protocol: 'pooling', model: 'm', fetch: flaky, sleep: async (ms) => void waits.push(ms) });
    expect(await ok.score([state(['a'])], createContext())).toEqual([0.8]);
    expect(waits).toEqual([1000]);

    const fetch = (async () => new Response('model not loaded\n', { status: 503 })) as typeof globalThis.fetch;
    const prm = createRewardModelVerifier({ url: 'http://user:pw@prm.test:8000', protocol: 'pooling', model: 'm', fetch, maxRetries: 1, sleep: async () => {} });
    await expect(prm.score([state(['a'])], createContext())).rejects.toThrow('reward model at http://prm.test:8000: HTTP 503: model not loaded');
    const bad = (async () => new Response('{"detail":"no"}', { status: 400 })) as typeof globalThis.fetch;
    let tries = 0;
    const counting = (async (...args: Parameters<typeof globalThis.fetch>) => (tries++, bad(...args))) as typeof globalThis.fetch;
    await expect(createRewardModelVerifier({ url: 'http://prm.test', protocol: 'classify', model: 'm', fetch: counting }).score([state(['a'])], createContext())).rejects.toThrow(/HTTP 400/);
    expect(tries).toBe(1);
  });
});

describe('Monte-Carlo rollout value', () => {
  // A walk: each step adds 1 or 2 (by the random source); the answer is right when the total is exactly 4.
  type Walk = { total: number };
  const problem: SearchProblem<Walk> = {
    id: 'walk', task: 'walk', prompt: '', initialState: () => ({ total: 0 }),
    isTerminal: (s) => s.total >= 4, answer: (s) => String(s.total), verify: (s) => s.total === 4,
  };
  const policy: Policy<Walk> = {
    id: 'walk',
    async propose(s, _count, ctx) {
      await new Promise((r) => setTimeout(r, ctx.random.int(3)));
      const add = 1 + ctx.random.int(2);
      return [{ text: `+${add}`, state: { total: s.total + add }, cost: { tokensOut: 1 } }];
    },
  };

  it('is the fraction of rollouts that reach a verified answer, reproducible for a seed', async () => {
    const value = createRolloutValue({ policy, problem, rollouts: 64 });
    const ctx = createContext({ seed: 9 });
    const [fromStart, fromThree, done, over] = await value.score([{ total: 0 }, { total: 3 }, { total: 4 }, { total: 5 }], ctx);
    // From 3: right only when the next step adds 1 (probability 1/2).
    expect(fromThree).toBeGreaterThan(0.3);
    expect(fromThree).toBeLessThan(0.7);
    expect(fromStart).toBeGreaterThan(0.4);
    expect(done).toBe(1);
    expect(over).toBe(0);
    expect(ctx.budget.spent.tokensOut).toBeGreaterThan(64);
    const again = await value.score([{ total: 0 }, { total: 3 }, { total: 4 }, { total: 5 }], createContext({ seed: 9 }));
    expect(again).toEqual([fromStart, fromThree, done, over]);
  });
});

describe('text search setup', () => {
  it('builds problem, policy and each verifier kind for a free-text question', () => {
    const model = createMockModel({ respond: () => 'x' });
    for (const verifier of ['judge', 'process-judge', 'rollout', 'none'] as const) {
      const setup = createTextSearchSetup({ question: 'q', model, verifier, gold: '4' });
      expect(setup.policy.id).toBe('mock');
      expect(setup.problem.verify!({ question: 'q', steps: ['\\boxed{ 4 }'], done: true })).toBe(true);
    }
    expect(() => createTextSearchSetup({ question: 'q', model, verifier: 'prm' })).toThrow(/reward-model URL/);
  });
});

describe('model search setup', () => {
  it('sends number puzzles to the Tree of Thoughts pieces and questions to the text policy', () => {
    const model = createMockModel({ id: 'm', respond: () => 'x' });
    expect(isNumberPuzzle('4 9 10 13')).toBe(true);
    expect(isNumberPuzzle('What is 4 9?')).toBe(false);
    const puzzle = createModelSearchSetup('4 9 10 13', { model });
    expect(puzzle.kind).toBe('game24');
    expect(puzzle.policy.id).toBe('tot:m');
    expect(puzzle.problem.task).toBe('game24');
    const question = createModelSearchSetup('What is 2+2?', { model, verifier: 'judge' });
    expect(question.kind).toBe('text');
    expect(question.verifier.id).toBe('judge-outcome:m');
  });
});
