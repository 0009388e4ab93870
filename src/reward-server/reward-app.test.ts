import { describe, expect, it } from 'vitest';
import { mathGrading } from '../eval/task-adapters/math-grading.js';
import { arithChecker, completionLength, mathChecker, parsePuzzleLabel } from './completion-scorer.js';
import { createRewardApp } from './reward-app.js';

const grading = mathGrading({ mode: 'inline' });
const math = () => createRewardApp({ task: 'math', check: mathChecker((a, g) => grading.judge(a, g)) });

async function post(app: ReturnType<typeof createRewardApp>, body: unknown, path = '/get_reward', headers: Record<string, string> = {}) {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('reward server (OpenRLHF remote reward model contract)', () => {
  it('scores a batch of prompt + response queries against their labels', async () => {
    const prompts = ['<|user|>What is 1/2 + 1/4?<|assistant|>', '<|user|>What is 2 + 2?<|assistant|>', '<|user|>Name x.<|assistant|>'];
    const responses = ['Adding, \\boxed{\\frac{3}{4}}', 'It is \\boxed{5}', 'I cannot say.'];
    const { status, body } = await post(math(), { query: prompts.map((p, i) => p + responses[i]), prompts, labels: ['0.75', '4', '3'] });
    expect(status).toBe(200);
    expect(body.rewards).toEqual([1, 0, 0]);
    expect(body.scores).toEqual(body.rewards);
    expect(body.answers).toEqual(['\\frac{3}{4}', '5', null]);
    expect((body.extra_logs as { correct: number[] }).correct).toEqual([1, 0, 0]);
  });

  it('reads the response out of the query only when the query starts with its prompt', async () => {
    // The prompt's own \boxed{9} must not be read as the answer.
    const { body } = await post(math(), { query: ['Is it \\boxed{9}? Answer: \\boxed{7}'], prompts: ['Is it \\boxed{9}? '], labels: ['7'] }, '/reward');
    expect(body.rewards).toEqual([1]);
  });

  it('takes completions alone, as TRL reward functions have them', async () => {
    const { body } = await post(math(), { completions: ['so \\boxed{12}', 'so \\boxed{13}'], labels: ['12', 12] }, '/');
    expect(body.rewards).toEqual([1, 0]);
  });

  it('discounts by length: reward × γ^length', async () => {
    const app = createRewardApp({ task: 'math', gamma: 0.9, lengthUnit: 'steps', check: mathChecker((a, g) => grading.judge(a, g)) });
    const { body } = await post(app, { completions: ['\\boxed{4}', 'First.\n\nSecond.\n\nSo \\boxed{4}'], labels: ['4', '4'] });
    const [a, b] = body.rewards as number[];
    expect(a).toBeCloseTo(0.9, 10);
    expect(b).toBeCloseTo(0.9 ** 3, 10);
    expect(completionLength('a\n\nb', 'steps')).toBe(2);
  });

  it('mixes in a PRM score with its weight', async () => {
    const seen: string[] = [];
    const app = createRewardApp({
      task: 'math',
      check: mathChecker((a, g) => grading.judge(a, g)),
      prm: async (items) => items.map((i) => (seen.push(i.prompt), 0.5)),
      prmWeight: 0.2,
    });
    const { body } = await post(app, { completions: ['\\boxed{1}', '\\boxed{2}'], prompts: ['q1', 'q2'], labels: ['1', '1'] });
    expect(body.rewards).toEqual([0.8 + 0.1, 0.1]);
    expect(seen).toEqual(['q1', 'q2']);
  });

  it('checks Game of 24 and Countdown answers against the puzzle in the label', async () => {
    const app24 = createRewardApp({ task: 'game24', check: arithChecker('game24') });
    const r24 = await post(app24, { completions: ['\\boxed{(13 - 9) * (10 - 4)}', 'Answer: 4 * 9 - 10 - 13 = 13'], labels: ['4 9 10 13', '4 9 10 13'] });
    expect(r24.body.rewards).toEqual([1, 0]);
    const cd = createRewardApp({ task: 'countdown', check: arithChecker('countdown') });
    const rcd = await post(cd, { completions: ['Answer: 50 + 25', 'Answer: (3 + 8) * 5'], labels: ['75: 25 50', '{"numbers": [3, 8, 5], "target": 55}'] });
    expect(rcd.body.rewards).toEqual([1, 1]);
    expect(parsePuzzleLabel('4 9 10 13', 'game24')).toEqual({ numbers: [4, 9, 10, 13], target: 24 });
  });

  it('answers bad requests with 400 and a message naming the field', async () => {
    const app = math();
    expect((await post(app, { query: ['a'], labels: ['1', '2'] })).body.error).toMatch(/labels has 2 entries for 1 queries/);
    expect((await post(app, { prompts: ['a'] })).body.error).toMatch(/exactly one of query/);
    expect((await post(app, { query: 'a' })).status).toBe(400);
    const res = await app.request('/get_reward', { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    const bad = await post(createRewardApp({ task: 'countdown', check: arithChecker('countdown') }), { completions: ['1'], labels: ['1 2 3'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/not a countdown puzzle/);
  });

  it('requires the API key when one is set, and reports its settings on /health', async () => {
    const app = createRewardApp({ task: 'math', apiKeys: ['sekret'], gamma: 0.99, check: mathChecker((a, g) => grading.judge(a, g)) });
    expect((await post(app, { completions: ['\\boxed{1}'], labels: ['1'] })).status).toBe(401);
    expect((await post(app, { completions: ['\\boxed{1}'], labels: ['1'] }, '/get_reward', { authorization: 'Bearer sekret' })).body.rewards).toEqual([0.99 ** 3]);
    const health = await (await app.request('/health')).json();
    expect(health).toMatchObject({ status: 'ok', task: 'math', gamma: 0.99 });
  });
});
