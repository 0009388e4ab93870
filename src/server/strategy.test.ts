import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './chat-request.js';
import { ServerRequestError } from '../http/openai-error.js';
import { registryCatalog } from './search-catalog.js';
import { requestBudget, resolveStrategy, splitModel, type StrategyDefaults } from './strategy.js';

const catalog = registryCatalog();
const online: StrategyDefaults = { search: 'astar', model: 'qwen', passThrough: true, caps: { maxPolicyCalls: 100, maxTokens: 1000, timeoutMs: 60_000 } };
const offline: StrategyDefaults = { ...online, model: null, passThrough: false };
const ask = (model: string, extra: Record<string, unknown> = {}) => parseChatRequest({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

function refusal(fn: () => unknown): ServerRequestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServerRequestError) return error;
    throw error;
  }
  throw new Error('expected a ServerRequestError');
}

describe('splitModel', () => {
  it('reads a strategy prefix and leaves model names with colons alone', () => {
    expect(splitModel('beam-4x4:qwen2.5:7b', catalog)).toEqual({ prefix: 'beam-4x4', name: 'qwen2.5:7b' });
    expect(splitModel('bon-8', catalog)).toEqual({ prefix: 'bon-8', name: null });
    expect(splitModel('metacot', catalog)).toEqual({ prefix: 'metacot', name: null });
    expect(splitModel('qwen2.5:7b', catalog)).toEqual({ prefix: null, name: 'qwen2.5:7b' });
    expect(splitModel('llama3:8b', catalog)).toEqual({ prefix: null, name: 'llama3:8b' });
    expect(splitModel('gpt-4o', catalog)).toEqual({ prefix: null, name: 'gpt-4o' });
    expect(splitModel('self-hosted-llm', catalog)).toEqual({ prefix: null, name: 'self-hosted-llm' });
    // Spec-shaped words before a colon are strategies, known or not (unknown ones become a 400).
    expect(splitModel('bogus-8:qwen', catalog)).toEqual({ prefix: 'bogus-8', name: 'qwen' });
  });
});

describe('resolveStrategy', () => {
  it('passes a plain model name through when an upstream exists', () => {
    expect(resolveStrategy(ask('qwen2.5:7b'), catalog, online)).toEqual({ kind: 'pass-through', model: 'qwen2.5:7b' });
  });

  it('turns every documented prefix into its algorithm and options', () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['bon-8:m', 'best-of-n', { n: 8 }],
      ['maj-16:m', 'majority', { n: 16 }],
      ['beam-4x4:m', 'beam', { breadth: 4, proposals: 4 }],
      ['mcts-32:m', 'mcts', { iterations: 32 }],
      ['astar:m', 'best-first', {}],
    ];
    for (const [model, name, options] of cases) {
      const s = resolveStrategy(ask(model), catalog, online);
      if (s.kind !== 'search') throw new Error(`${model} did not resolve to a search`);
      expect(s.algorithm.name).toBe(name);
      expect(s.options).toMatchObject(options);
      expect(s.model).toBe('m');
    }
  });

  it('uses the server default search for `metacot` and the default model for a bare spec', () => {
    const s = resolveStrategy(ask('metacot'), catalog, online);
    expect(s).toMatchObject({ kind: 'search', spec: 'astar', model: 'qwen' });
    expect(resolveStrategy(ask('bon-4'), catalog, online)).toMatchObject({ kind: 'search', spec: 'bon-4', model: 'qwen' });
  });

  it('lets the metacot body object choose the search, verifier and budget', () => {
    const s = resolveStrategy(ask('qwen', { metacot: { search: { name: 'beam', options: { breadth: 2 } }, verifier: 'judge', budget: { max_policy_calls: 10 } } }), catalog, online);
    if (s.kind !== 'search') throw new Error('expected a search');
    expect(s.algorithm.name).toBe('beam');
    expect(s.options.breadth).toBe(2);
    expect(s.verifier).toBe('judge');
    expect(s.model).toBe('qwen');
    expect(s.budget.maxPolicyCalls).toBe(10);
  });

  it('serves plain model names with the default search when offline', () => {
    expect(resolveStrategy(ask('gpt-4o'), catalog, offline)).toMatchObject({ kind: 'search', spec: 'astar', model: 'gpt-4o' });
  });

  it('refuses an unknown strategy with a 400 that lists the valid ones', () => {
    for (const request of [ask('bogus-8:qwen'), ask('qwen', { metacot: { search: 'nope' } }), ask('beam-1x2x3:qwen')]) {
      const error = refusal(() => resolveStrategy(request, catalog, online));
      expect(error.status).toBe(400);
      expect(error.code).toBe('unknown_strategy');
      for (const form of ['bon-N', 'maj-N', 'beam-WxP', 'mcts-N', 'astar']) expect(error.message).toContain(form);
    }
  });

  it('refuses a bad option of a known search, naming it', () => {
    const error = refusal(() => resolveStrategy(ask('qwen', { metacot: { search: { name: 'beam', options: { breadth: 0 } } } }), catalog, online));
    expect(error.status).toBe(400);
    expect(error.message).toContain('breadth');
  });
});

describe('requestBudget', () => {
  it('starts from the caps and lowers them as asked', () => {
    expect(requestBudget(ask('m'), online.caps)).toEqual(online.caps);
    expect(requestBudget(ask('m', { metacot: { budget: { max_policy_calls: 5 } } }), online.caps).maxPolicyCalls).toBe(5);
  });

  it('refuses a budget over a cap with a 400 naming the cap', () => {
    const error = refusal(() => requestBudget(ask('m', { metacot: { budget: { max_tokens: 5000 } } }), online.caps));
    expect(error.status).toBe(400);
    expect(error.code).toBe('over_budget');
    expect(error.param).toBe('metacot.budget.max_tokens');
    expect(error.message).toContain('1000');
  });

  it('treats max_tokens as a ceiling lowered to the cap', () => {
    expect(requestBudget(ask('m', { max_tokens: 50 }), online.caps).maxTokens).toBe(50);
    expect(requestBudget(ask('m', { max_tokens: 50_000 }), online.caps).maxTokens).toBe(1000);
  });
});
