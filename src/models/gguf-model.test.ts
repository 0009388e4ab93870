import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, InputError } from '../core/errors.js';
import { createLanguageModel } from './create-language-model.js';
import { writeTinyGguf } from './test-support/tiny-gguf.js';
import { createGgufModel, type GgufModel } from './gguf-model.js';

// A tiny random-weight llama GGUF written by the test itself drives the real
// node-llama-cpp code paths; its text is noise, so the assertions are about plumbing.

/** A chat template in the file's metadata, as real GGUF files carry them. */
const TEMPLATE = "{{ bos_token }}{% for m in messages %}<|{{ m.role }}|>\n{{ m.content }}{{ eos_token }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}";

let dir: string;
let path: string;
let model: GgufModel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'metacot-gguf-'));
  path = join(dir, 'tiny.gguf');
  writeTinyGguf(path, { chatTemplate: TEMPLATE });
  model = await createGgufModel({ path, ignoreEos: true, sequences: 2, contextSize: 256, threads: 1 });
}, 60_000);

afterAll(async () => {
  await model?.dispose();
});

describe('GGUF provider (node-llama-cpp)', () => {
  it('generates n choices of maxTokens tokens, reproducibly for a seed', async () => {
    const request = { prompt: 'Use 4 9 10 13 to make 24.', maxTokens: 6, n: 3, seed: 11, temperature: 0.9 };
    const a = await model.generate(request);
    const b = await model.generate(request);
    expect(model.id).toBe('gguf:tiny.gguf');
    expect(a.choices).toHaveLength(3);
    expect(a.choices.every((c) => c.tokens === 6 && c.finishReason === 'length')).toBe(true);
    expect(b.choices.map((c) => c.text)).toEqual(a.choices.map((c) => c.text));
    expect(new Set(a.choices.map((c) => c.text)).size).toBeGreaterThan(1);
    expect(a.usage.tokensOut).toBe(18);
    expect(a.usage.tokensIn).toBeGreaterThan(0);
  });

  it('cuts the text at a stop string', async () => {
    const request = { prompt: 'abc', maxTokens: 12, seed: 4, temperature: 1 };
    const free = (await model.generate(request)).choices[0]!.text;
    const stop = free.slice(free.length - 3, free.length - 2);
    const cut = (await model.generate({ ...request, stop: [stop] })).choices[0]!;
    expect(cut.finishReason).toBe('stop');
    expect(cut.text).toBe(free.slice(0, free.indexOf(stop)));
  });

  it('returns logprobs with sorted alternatives', async () => {
    const result = await model.generate({ prompt: 'q', maxTokens: 4, seed: 2, logprobs: true, topLogprobs: 3 });
    const lp = result.choices[0]!.logprobs!;
    expect(lp).toHaveLength(4);
    for (const entry of lp) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.top).toHaveLength(3);
      expect(entry.top![0]!.logprob).toBeGreaterThanOrEqual(entry.top![2]!.logprob);
    }
  });

  it('renders chat with the template from the GGUF metadata and continues a partial assistant message', async () => {
    const result = await model.generate({ messages: [{ role: 'user', content: '4 9 10 13' }, { role: 'assistant', content: '13 - 9 = 4' }], maxTokens: 3, seed: 1 });
    expect(result.choices[0]!.tokens).toBe(3);
    // "<s>" (BOS, one token) + "<|user|>\n4 9 10 13</s>\n<|assistant|>\n13 - 9 = 4" with "</s>" one token, the rest a byte or character each.
    const rendered = '<|user|>\n4 9 10 13\n<|assistant|>\n13 - 9 = 4';
    expect(result.usage.tokensIn).toBe(model.model.tokenize(`<s>${rendered.slice(0, 18)}</s>${rendered.slice(18)}`, true).length);
    expect(await model.describeServing()).toEqual({ provider: 'gguf', chatTemplate: 'gguf metadata tokenizer.chat_template', sequences: 2 });
  });

  it('refuses chat when the file has no template and none is given', async () => {
    const bare = join(dir, 'bare.gguf');
    writeTinyGguf(bare);
    const plain = await createGgufModel({ path: bare, contextSize: 128, threads: 1 });
    try {
      await expect(plain.generate({ messages: [{ role: 'user', content: 'q' }], maxTokens: 1 })).rejects.toThrow(/^gguf:bare\.gguf has no tokenizer\.chat_template in its metadata, so chat messages cannot be rendered: give --chat-template/);
      expect((await plain.generate({ prompt: 'q', maxTokens: 1, seed: 1 })).choices).toHaveLength(1);
    } finally {
      await plain.dispose();
    }
  }, 30_000);

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(model.generate({ prompt: 'q', maxTokens: 4 }, controller.signal)).rejects.toBeInstanceOf(AbortError);
  });

  it('is reachable as gguf:PATH and names a missing file', async () => {
    await expect(createLanguageModel(`gguf:${join(dir, 'missing.gguf')}`)).rejects.toThrow(InputError);
    const viaSpec = await createLanguageModel(`gguf:${path}`, { threads: 1, contextSize: 128 });
    const result = await viaSpec.generate({ prompt: 'x', maxTokens: 2, seed: 1 });
    expect(result.choices).toHaveLength(1);
    await (viaSpec as GgufModel).dispose();
  }, 30_000);
});
