import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withCache } from './cached-model.js';
import { createMockModel } from './mock-model.js';
import { RequestCache } from './request-cache.js';

const run = promisify(execFile);

function counting() {
  let made = 0;
  return createMockModel({ id: 'mock', respond: (req, i) => `${req.prompt} #${req.seed ?? 'x'}+${i} (${made++})` });
}

describe('request cache', () => {
  it('serves a repeated request from the cache and counts hits and misses per sample', async () => {
    const cache = new RequestCache(':memory:');
    const inner = counting();
    const model = withCache(inner, cache);
    const first = await model.generate({ prompt: 'q', n: 2, seed: 5 });
    const again = await model.generate({ prompt: 'q', n: 2, seed: 5 });
    expect(again.choices).toEqual(first.choices);
    expect(inner.calls).toHaveLength(1);
    expect(first.usage).toMatchObject({ cacheHits: 0, cacheMisses: 2 });
    expect(again.usage).toMatchObject({ cacheHits: 2, cacheMisses: 0 });
    expect(again.usage.tokensIn).toBe(first.usage.tokensIn);
    expect(again.usage.tokensOut).toBe(first.usage.tokensOut);
    expect(cache.stats).toEqual({ hits: 2, misses: 2 });
  });

  it('keys on the whole request and the model, not on field order or n', async () => {
    const cache = new RequestCache(':memory:');
    const a = { messages: [{ role: 'user' as const, content: 'hi' }], temperature: 0.5, stop: ['\n\n'] };
    const b = { stop: ['\n\n'], temperature: 0.5, messages: [{ content: 'hi', role: 'user' as const }], n: 3 };
    expect(cache.key('m', a)).toBe(cache.key('m', b));
    expect(cache.key('m', a)).not.toBe(cache.key('other', a));
    expect(cache.key('m', a)).not.toBe(cache.key('m', { ...a, temperature: 0.6 }));
    expect(cache.key('m', a)).not.toBe(cache.key('m', { ...a, stop: ['\n'] }));
  });

  it('generates only the missing samples, with the seed shifted to their index', async () => {
    const cache = new RequestCache(':memory:');
    const inner = counting();
    const model = withCache(inner, cache);
    await model.generate({ prompt: 'q', n: 2, seed: 10 });
    const more = await model.generate({ prompt: 'q', n: 5, seed: 10 });
    expect(inner.calls.map((c) => [c.n, c.seed])).toEqual([[2, 10], [3, 12]]);
    expect(more.usage).toMatchObject({ cacheHits: 2, cacheMisses: 3 });
    expect(more.choices.map((c) => c.text)).toEqual(['q #10+0 (0)', 'q #10+1 (1)', 'q #12+0 (2)', 'q #12+1 (3)', 'q #12+2 (4)']);
  });

  it('persists across reopening the file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'metacot-cache-')), 'sub', 'cache.sqlite');
    const c1 = new RequestCache(path);
    const first = await withCache(counting(), c1).generate({ prompt: 'q', seed: 1 });
    c1.close();
    const c2 = new RequestCache(path);
    const inner = counting();
    const second = await withCache(inner, c2).generate({ prompt: 'q', seed: 1 });
    expect(second.choices).toEqual(first.choices);
    expect(inner.calls).toHaveLength(0);
    expect(c2.size()).toBe(1);
    c2.close();
  });

  it('is safe with concurrent writer processes: every key ends with one agreed value', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'metacot-cache-')), 'shared.sqlite');
    new RequestCache(path).close();
    const script = join(import.meta.dirname, 'test-support', 'cache-writer.ts');
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const outputs = await Promise.all(['A', 'B', 'C'].map((w) => run(tsx, [script, path, w, '60'], { timeout: 60_000 })));
    const seen = outputs.map((o) => JSON.parse(o.stdout) as string[]);
    const cache = new RequestCache(path);
    expect(cache.size()).toBe(60 * 3);
    const inner = counting();
    const model = withCache(inner, cache);
    for (let k = 0; k < 60; k++) {
      const stored = (await model.generate({ prompt: `question ${k}`, n: 3, seed: 1 })).choices.map((c) => c.text).join('|');
      // Whoever wrote first, every process got back what is stored.
      for (const s of seen) expect(s[k]).toBe(stored);
    }
    expect(inner.calls).toHaveLength(0);
    cache.close();
  }, 60_000);
});
