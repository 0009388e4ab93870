import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import type { DecodingTool } from '../../core/decoding-tool.js';
import { KvDecoder, type DecoderSequence, type KvSequence, type SequenceDecoder } from './decoder.js';
import { FOLD_MARGIN, generateBatch } from './generate-batch.js';
import { fitTokenizer } from './tokenizer.js';
import { initParams, type TransformerConfig } from './transformer.js';

/** A KvDecoder that also keeps the tokens each sequence was fed (to check what the model read). */
class RecordingDecoder implements SequenceDecoder {
  readonly fed = new Map<DecoderSequence, number[]>();
  constructor(private readonly inner: KvDecoder) {}
  get config() { return this.inner.config; }
  newSequence() { const s = this.inner.newSequence(); this.fed.set(s, []); return s; }
  clone(seq: DecoderSequence) { const s = this.inner.clone(seq as KvSequence); this.fed.set(s, [...this.fed.get(seq)!]); return s; }
  step(seqs: readonly DecoderSequence[], tokens: readonly number[]) {
    seqs.forEach((s, i) => this.fed.get(s)!.push(tokens[i]!));
    return this.inner.step(seqs as readonly KvSequence[], tokens);
  }
}

/** Lines of two words (` a`/` b`, then a newline); folds to one line saying how many were written. */
function lineTool(): DecodingTool {
  return {
    afterToken: () => null,
    allowed: (text) => (text.endsWith('\n') || text === '' ? [' a', ' b'] : ['\n']),
    folded: (text) => (text.endsWith('\n') ? ` c ${text.split('\n').length - 1}\n` : null),
  };
}

/** lineTool's lines, each answered by the tool with a line of eight numbers (text the model then reads). */
function replyTool(): DecodingTool {
  return { ...lineTool(), afterToken: (text) => (text.endsWith('\n') ? { append: ' 1 2 3 4 5 6 7 8\n' } : null) };
}

describe('generateBatch context folding', () => {
  const tokenizer = fitTokenizer([' a b c \n 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50'], 1);
  const config: TransformerConfig = { vocabSize: tokenizer.size, dim: 16, layers: 1, heads: 2, context: FOLD_MARGIN * 2 + 40, ffMult: 2, rope: true };
  const params = initParams(config, createRandom('fold'));

  it('goes on past a full context by re-reading the prompt and the folded text', async () => {
    const decoder = new RecordingDecoder(new KvDecoder(config, params));
    const [sample] = await generateBatch(decoder, tokenizer, { prompt: ' c', n: 1, temperature: 1, seed: 3, maxTokens: 400, tool: lineTool, fold: true });
    expect(sample!.finishReason).toBe('length');
    expect(sample!.modelTokens).toBe(400);
    expect(sample!.folds).toBeGreaterThan(1);
    // Every sequence stayed within the context; each folded one began with the prompt and a fold line.
    const seqs = [...decoder.fed.values()];
    expect(Math.max(...seqs.map((s) => s.length))).toBeLessThanOrEqual(config.context);
    const folded = seqs.filter((s) => s.length > 3 && s[1] === tokenizer.id(' c'));
    expect(folded.length).toBe(sample!.folds);
    expect(sample!.refedTokens).toBe(folded.reduce((n, s) => n + tokenizer.encode(tokenizer.decode(s).split('\n')[0]! + '\n').length, 0));
  });

  it('ends a sample whose context is full when folding is off', async () => {
    const decoder = new KvDecoder(config, params);
    const [sample] = await generateBatch(decoder, tokenizer, { prompt: ' c', n: 1, temperature: 1, seed: 3, maxTokens: 400, tool: lineTool });
    expect(sample!.finishReason).toBe('length');
    expect(sample!.modelTokens).toBeLessThanOrEqual(config.context);
    expect(sample!.folds).toBeUndefined();
  });

  it('records each folded context as the model read it', async () => {
    const decoder = new RecordingDecoder(new KvDecoder(config, params));
    const options = { prompt: ' c', n: 1, temperature: 1, seed: 3, maxTokens: 400, tool: lineTool, fold: true };
    const [plain] = await generateBatch(new KvDecoder(config, params), tokenizer, options);
    const [sample] = await generateBatch(decoder, tokenizer, { ...options, record: true });
    // Recording changes nothing about the sample.
    expect(sample!.text).toBe(plain!.text);
    const records = [...sample!.foldedRecords!, sample!.record!];
    expect(records.length).toBe(sample!.folds! + 1);
    // Each record is one sequence the decoder was fed: its prompt, then its tokens.
    const fed = [...decoder.fed.values()].filter((s) => s.length > 1);
    for (const rec of records) {
      const all = [...rec.prompt, ...rec.ids];
      expect(fed.some((s) => s.length >= all.length - 1 && all.slice(0, -1).every((id, i) => s[i] === id))).toBe(true);
    }
    expect(records.reduce((n, r) => n + r.modelAt.length, 0)).toBe(sample!.modelTokens);
  });

  it('counts and records only the tool text the model read when a full context cuts a reply off', async () => {
    for (let seed = 0; seed < 8; seed++) {
      const decoder = new RecordingDecoder(new KvDecoder(config, params));
      const [sample] = await generateBatch(decoder, tokenizer, { prompt: ' c', n: 1, temperature: 1, seed, maxTokens: 400, tool: replyTool, record: true });
      expect(sample!.finishReason).toBe('length');
      const fed = [...decoder.fed.values()].reduce((a, b) => (b.length > a.length ? b : a));
      expect(fed.length).toBe(config.context);
      const rec = sample!.record!;
      // What the network ran: the prompt, the tool's text it read, and every model token but a last one never read.
      expect(rec.prompt.length + sample!.modelTokens + sample!.toolTokens).toBeLessThanOrEqual(config.context + 1);
      const all = [...rec.prompt, ...rec.ids];
      expect(all.length).toBeLessThanOrEqual(config.context + 1);
      expect(all.slice(0, fed.length)).toEqual(fed.slice(0, all.length));
    }
  });
});
