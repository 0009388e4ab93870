import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { createLanguageModel, registerModelProvider } from './create-language-model.js';
import { recorded, replayFetch } from './test-support/replay-fetch.js';
import { createMockModel } from './mock-model.js';
import { RequestCache } from './request-cache.js';

describe('createLanguageModel', () => {
  it('builds an OpenAI-compatible model from the environment', async () => {
    const fetch = replayFetch([recorded('chat_basic')]);
    const model = await createLanguageModel('openai:tiny', { env: { OPENAI_BASE_URL: 'http://env.test/v1', OPENAI_API_KEY: 'sk-env' }, fetch, serverKind: 'llama.cpp' });
    expect(model.id).toBe('openai:tiny');
    await model.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(fetch.sent[0]!.url).toBe('http://env.test/v1/chat/completions');
    expect(fetch.sent[0]!.headers.get('authorization')).toBe('Bearer sk-env');
  });

  it('prefers explicit options, and takes several comma-separated base URLs', async () => {
    const fetch = replayFetch([recorded('chat_basic')]);
    const model = await createLanguageModel('openai:tiny', { baseUrl: 'http://a.test/v1, http://b.test/v1', env: { OPENAI_BASE_URL: 'http://env.test/v1' }, fetch, serverKind: 'llama.cpp' });
    await Promise.all([1, 2].map(() => model.generate({ prompt: 'x' })));
    expect(fetch.sent.map((s) => new URL(s.url).host).sort()).toEqual(['a.test', 'b.test']);
  });

  it('puts a request cache in front when asked', async () => {
    const fetch = replayFetch([recorded('chat_basic')]);
    const cache = new RequestCache(':memory:');
    const model = await createLanguageModel('openai:tiny', { baseUrl: 'http://a.test/v1', fetch, cache, serverKind: 'llama.cpp' });
    const first = await model.generate({ messages: [{ role: 'user', content: 'hi' }], seed: 1 });
    const second = await model.generate({ messages: [{ role: 'user', content: 'hi' }], seed: 1 });
    expect(fetch.sent).toHaveLength(1);
    expect(second.choices).toEqual(first.choices);
    expect(second.usage.cacheHits).toBe(1);
  });

  it('rejects malformed specs and unknown providers with the accepted forms', async () => {
    await expect(createLanguageModel('qwen')).rejects.toThrow(InputError);
    await expect(createLanguageModel('openai:')).rejects.toThrow(/PROVIDER:NAME/);
    await expect(createLanguageModel('foo:bar')).rejects.toThrow(/unknown model provider "foo".*openai:NAME/);
    await expect(createLanguageModel('openai:x', { baseUrl: 'not a url' })).rejects.toThrow(/is not a URL/);
  });

  it('serves prefixes registered by other modules', async () => {
    registerModelProvider('test-mock', async (name) => createMockModel({ id: `test-mock:${name}`, respond: () => 'ok' }));
    const model = await createLanguageModel('test-mock:a');
    expect(model.id).toBe('test-mock:a');
    expect((await model.generate({ prompt: 'p' })).choices[0]!.text).toBe('ok');
  });
});
