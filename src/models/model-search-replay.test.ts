import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContext } from '../core/context.js';
import type { TraceTree } from '../core/tree-schema.js';
import { beam } from '../search/beam.js';
import { createTextSearchSetup } from '../verifiers/llm/text-search-setup.js';
import { createLanguageModel } from './create-language-model.js';
import { startStandin, type StandinRequest } from './test-support/openai-standin-server.js';
import { ModelRequestError } from './model-request-error.js';
import { RequestCache } from './request-cache.js';

// End-to-end over real HTTP against an in-process stand-in for an OpenAI-compatible server.

/** Writes step k of a solution; answers at step 3; judges say Yes to even seeds. */
function respond(body: StandinRequest, i: number): string {
  const seed = (body.seed ?? 0) + i;
  const content = body.messages?.[body.messages.length - 1]?.content ?? '';
  if (content.includes('Reply with one word')) return seed % 2 === 0 ? 'Yes' : 'No';
  const last = body.messages?.[body.messages.length - 1];
  const done = last?.role === 'assistant' ? last.content.split('\n\n').filter(Boolean).length : 0;
  if (done >= 2) return `Therefore \\boxed{${seed % 4}}.`;
  return `Step ${done + 1}: try ${seed % 5}\n\nmore`;
}

/** The tree without this run's own accounting (cache counters differ between recording and replay). */
function content(tree: TraceTree): string {
  return JSON.stringify(tree, (key, value) => (key === 'cacheHits' || key === 'cacheMisses' ? undefined : value));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a model search through the request cache', () => {
  it('replays from the cache, with the server gone, to a byte-identical tree', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000); // node wall times are the one thing a replay cannot repeat
    const server = await startStandin({ respond, delayMs: 2 });
    const path = join(mkdtempSync(join(tmpdir(), 'metacot-replay-')), 'cache.sqlite');
    const search = async (cache: RequestCache, baseUrl: string) => {
      const model = await createLanguageModel('openai:standin', { baseUrl, cache, maxRetries: 0, env: { OPENAI_API_KEY: 'sk-never-in-a-trace' } });
      const { problem, policy, verifier } = createTextSearchSetup({ question: 'What is the answer?', model, verifier: 'process-judge', gold: '2' });
      return beam.run(problem, policy, verifier, { breadth: 2, proposals: 3, maxDepth: 4 }, createContext({ seed: 42, now: () => 0 }));
    };

    const recording = new RequestCache(path);
    const first = await search(recording, server.url);
    recording.close();
    const requests = server.requests;
    await server.close();
    expect(requests).toBeGreaterThan(5);
    expect(first.tree.nodes.filter((n) => n.flags.terminal).length).toBeGreaterThan(0);
    expect(first.tree.usage.cacheMisses).toBeGreaterThan(0);
    expect(first.tree.usage.cacheHits ?? 0).toBe(0);

    expect(JSON.stringify(first.tree)).not.toContain('sk-never-in-a-trace');
    expect(first.tree.model).toBe('openai:standin');

    const replayCache = new RequestCache(path);
    const replay = await search(replayCache, server.url); // nothing listens there any more
    expect(content(replay.tree)).toBe(content(first.tree));
    expect(replay.tree.usage.cacheMisses ?? 0).toBe(0);
    expect(replay.tree.usage.cacheHits).toBe(first.tree.usage.cacheMisses);
    expect(replay.tree.usage.tokensOut).toBe(first.tree.usage.tokensOut);

    const again = await search(replayCache, server.url);
    expect(JSON.stringify(again.tree)).toBe(JSON.stringify(replay.tree));
    replayCache.close();
  });

  it('gives a one-line error naming the endpoint when no server listens', async () => {
    const server = await startStandin({ respond });
    const url = server.url;
    await server.close();
    const model = await createLanguageModel('openai:standin', { baseUrl: url, maxRetries: 0, env: {} });
    const error = (await model.generate({ prompt: 'x' }).catch((e: unknown) => e)) as ModelRequestError;
    expect(error).toBeInstanceOf(ModelRequestError);
    expect(error.message).toMatch(new RegExp(`^openai:standin at ${url.replace(/[.]/g, '\\.')}: cannot connect \\(ECONNREFUSED\\)$`));
  });

  it('splits n for a server limited like llama.cpp and still answers every sample', async () => {
    const server = await startStandin({ respond: (b, i) => `s${(b.seed ?? 0) + i}`, maxN: 2 });
    const model = await createLanguageModel('openai:standin', { baseUrl: server.url, env: {} });
    const result = await model.generate({ messages: [{ role: 'user', content: 'q' }], n: 5, seed: 10 });
    expect(result.choices.map((c) => c.text)).toEqual(['s10', 's11', 's12', 's13', 's14']);
    expect(server.requests).toBe(1 + 3);
    await server.close();
  });
});
