import { throwIfAborted } from '../../core/errors.js';
import { createRandom } from '../../core/random.js';
import { logSoftmax, sampleToken, type DecoderSequence, type SequenceDecoder } from './decoder.js';
import type { Tokenizer } from './tokenizer.js';
import type { DecodingTool } from '../../core/decoding-tool.js';

export type { DecodingTool };

export interface BatchGenerateOptions {
  prompt: string;
  n: number;
  /** 0: greedy. */
  temperature: number;
  topP?: number;
  /** Most tokens the model itself may write per sample (tool text is not counted). */
  maxTokens: number;
  /** Sample i draws from the stream seeded `${seed}:${i}`. */
  seed: number | string;
  stop?: readonly string[];
  /** A fresh tool per sample (tools keep the search stack). */
  tool?: () => DecodingTool;
  logprobs?: boolean;
  /** Samples decoded together (default 64). */
  batchSize?: number;
  signal?: AbortSignal;
  /**
   * Keep what a policy-gradient update needs to recompute each decision exactly: every
   * token fed or sampled after the prompt, which ones the model wrote, the constraint and
   * bias in force at each, and the log-probability of the sampling distribution.
   */
  record?: boolean;
  /**
   * Context folding: when a sample's context is about to fill and its tool can fold
   * ({@link DecodingTool.folded}), the model goes on reading the prompt and the folded text
   * instead (re-encoded from scratch); the search itself continues. Off: the sample ends
   * when its context is full. With `record`, each context is recorded on its own (the
   * earlier ones in `foldedRecords`): an update replays each as the model read it.
   */
  fold?: boolean;
}

/**
 * Tokens kept free before a fold: room for the longest line the model writes plus the
 * tool's reply, so a fold happens at the last line boundary before the context fills.
 */
export const FOLD_MARGIN = 48;

/** A sample's decisions, as `record` keeps them (see {@link BatchGenerateOptions.record}). */
export interface SampleRecord {
  /** Prompt token ids. */
  prompt: number[];
  /** Every token after the prompt in order: model-written ones and the tool's (as fed). */
  ids: number[];
  /** Indices into `ids` of the tokens the model wrote (sampled); the rest are the tool's. */
  modelAt: number[];
  /** Per model token: the token ids it was allowed (constrained decoding), or null for all. */
  allowed: (Int32Array | null)[];
  /** Per model token: additive logit biases in force ([id, bias] pairs), or null. */
  bias: ([number, number][] | null)[];
  /** Per model token: log-probability under the distribution it was drawn from (at the temperature; T=1 when greedy). */
  logprob: number[];
}

export interface GeneratedSample {
  text: string;
  /** `stop`: a stop string or the tool ended it; `length`: maxTokens or the context ran out. */
  finishReason: 'stop' | 'length';
  modelTokens: number;
  /** Tokens the tool wrote that the network read (text that ends the generation, or that a full context cut off, is not). */
  toolTokens: number;
  logprobs?: { token: string; logprob: number }[];
  /** Who wrote what, in order (with a tool): runs of model text and of tool text. */
  segments?: { text: string; tool: boolean }[];
  /** With `record`: the decisions of the context the sample ended in. */
  record?: SampleRecord;
  /** With `record` and `fold`: the records of the contexts folded before it, in order. */
  foldedRecords?: SampleRecord[];
  /** Times the context was folded, and the token positions re-encoded for it (compute, not output). */
  folds?: number;
  refedTokens?: number;
}

interface Live {
  seq: DecoderSequence;
  logits: Float32Array;
  queue: number[];
  /** How many of the queue's last ids the tool wrote (they follow the model's token). */
  toolQueued: number;
  text: string;
  sample: GeneratedSample;
  tool: DecodingTool | null;
  random: ReturnType<typeof createRandom>;
  finished: boolean;
  prompt: string;
}

/**
 * Samples `n` continuations of `prompt` from the model with a shared, prefilled key/value
 * cache, `batchSize` at a time. Seeded: the same options give the same samples.
 */
export async function generateBatch(decoder: SequenceDecoder, tokenizer: Tokenizer, options: BatchGenerateOptions): Promise<GeneratedSample[]> {
  const [out] = await generateGroups(decoder, tokenizer, [options], options);
  return out!;
}

/** One prompt of {@link generateGroups}: its own samples, seed and tool. */
export type SampleGroup = Pick<BatchGenerateOptions, 'prompt' | 'n' | 'seed' | 'tool'>;

/**
 * Samples several prompts' groups in shared batches (up to `batchSize` sequences per
 * decoder step, across groups), each group from its own prefilled prompt. A group's
 * samples are the same as `generateBatch` gives for it alone with the same batch
 * boundaries (sample i of a group draws from `${seed}:${i}`).
 */
export async function generateGroups(
  decoder: SequenceDecoder, tokenizer: Tokenizer, groups: readonly SampleGroup[],
  options: Omit<BatchGenerateOptions, 'prompt' | 'n' | 'seed' | 'tool'>,
): Promise<GeneratedSample[][]> {
  const { config } = decoder;
  const out: GeneratedSample[][] = groups.map(() => []);
  const pending: { group: number; i: number; base: DecoderSequence; logits: Float32Array; promptIds: number[] }[] = [];
  for (const [g, group] of groups.entries()) {
    const promptIds = tokenizer.encode(group.prompt);
    if (promptIds.length === 0) throw new RangeError('empty prompt: the model needs at least one token to condition on');
    if (promptIds.length >= config.context) {
      out[g] = Array.from({ length: group.n }, () => ({ text: '', finishReason: 'length' as const, modelTokens: 0, toolTokens: 0 }));
      continue;
    }
    const base = decoder.newSequence();
    let lastLogits = new Float32Array(config.vocabSize);
    for (const id of promptIds) lastLogits = decoder.step([base], [id]).slice(0, config.vocabSize);
    for (let i = 0; i < group.n; i++) pending.push({ group: g, i, base, logits: lastLogits, promptIds });
  }
  const batchSize = Math.max(1, options.batchSize ?? 64);
  for (let start = 0; start < pending.length; start += batchSize) {
    const lives: Live[] = pending.slice(start, start + batchSize).map(({ group: g, i, base, logits, promptIds }) => {
      const group = groups[g]!;
      const sample: GeneratedSample = { text: '', finishReason: 'stop', modelTokens: 0, toolTokens: 0 };
      if (options.logprobs) sample.logprobs = [];
      if (options.record) sample.record = { prompt: [...promptIds], ids: [], modelAt: [], allowed: [], bias: [], logprob: [] };
      return {
        seq: decoder.clone(base), logits: logits.slice(), queue: [], toolQueued: 0, text: '', sample, prompt: group.prompt,
        tool: group.tool ? group.tool() : null, random: createRandom(`${group.seed}:${i}`), finished: false,
      };
    });
    try {
      await decodeLives(decoder, tokenizer, lives, options);
    } finally {
      for (const l of lives) decoder.release?.(l.seq);
    }
    lives.forEach((l, b) => out[pending[start + b]!.group]!.push(l.sample));
  }
  for (const base of new Set(pending.map((p) => p.base))) decoder.release?.(base);
  return out;
}

async function decodeLives(decoder: SequenceDecoder, tokenizer: Tokenizer, lives: Live[], options: Omit<BatchGenerateOptions, 'prompt' | 'n' | 'seed' | 'tool'>): Promise<void> {
  const V = decoder.config.vocabSize;
  let steps = 0;
  for (;;) {
    // Each unfinished sample with nothing queued draws its next token.
    for (const live of lives) {
      if (live.finished || live.queue.length > 0) continue;
      if (live.sample.modelTokens >= options.maxTokens) {
        finish(live, 'length');
        continue;
      }
      if (options.fold && live.tool?.folded && live.seq.length + FOLD_MARGIN > decoder.config.context && !(await foldContext(decoder, tokenizer, live, options.signal))) {
        finish(live, 'length');
        continue;
      }
      const keep = live.tool?.allowed ? maskLogits(live.logits, tokenizer, live.tool.allowed(live.text)) : null;
      const biased = live.tool?.bias ? biasLogits(live.logits, tokenizer, live.tool.bias(live.text)) : null;
      const id = sampleToken(live.logits, options.temperature, live.random.next(), options.topP ?? 1);
      const token = tokenizer.vocab[id]!;
      live.sample.modelTokens += 1;
      const record = live.sample.record;
      if (record) {
        record.modelAt.push(record.ids.length);
        record.ids.push(id);
        record.allowed.push(keep);
        record.bias.push(biased);
        record.logprob.push(logSoftmax(live.logits, options.temperature)[id]!);
      }
      if (live.sample.logprobs) live.sample.logprobs.push({ token, logprob: logSoftmax(live.logits)[id]! });
      live.text += token;
      if (live.tool) pushSegment(live.sample, token, false);
      const stopAt = firstStop(live.text, options.stop);
      if (stopAt >= 0) {
        live.text = live.text.slice(0, stopAt);
        finish(live, 'stop');
        continue;
      }
      live.queue.push(id);
      const reply = live.tool?.afterToken(live.text);
      if (reply?.append) {
        live.text += reply.append;
        pushSegment(live.sample, reply.append, true);
        // Text that ends the generation is never read by the model: no need to feed it.
        if (!reply.done) {
          const ids = tokenizer.encodeLenient(reply.append);
          live.sample.toolTokens += ids.length;
          live.queue.push(...ids);
          live.toolQueued += ids.length;
          live.sample.record?.ids.push(...ids);
        }
      }
      if (reply?.done) finish(live, 'stop');
    }
    const feeding = lives.filter((l) => !l.finished && l.queue.length > 0);
    if (feeding.length === 0) break;
    const full = feeding.filter((l) => l.seq.length >= decoder.config.context);
    for (const l of full) {
      // Tool text still queued was never read: toolTokens and the record hold what the network ran.
      l.sample.toolTokens -= l.toolQueued;
      l.sample.record?.ids.splice(l.sample.record.ids.length - l.toolQueued);
      finish(l, 'length');
    }
    const batch = feeding.filter((l) => !l.finished);
    if (batch.length === 0) continue;
    const logits = decoder.step(batch.map((l) => l.seq), batch.map((l) => {
      if (l.queue.length <= l.toolQueued) l.toolQueued -= 1;
      return l.queue.shift()!;
    }));
    batch.forEach((l, b) => l.logits.set(logits.subarray(b * V, (b + 1) * V)));
    if (++steps % 32 === 0) {
      throwIfAborted(options.signal);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * Replaces a sample's context by its prompt and its tool's folded text, when the tool can
 * fold here and the folded context leaves room to go on (at least twice the margin, so a
 * search does not refold every line). Returns false when it cannot.
 */
async function foldContext(decoder: SequenceDecoder, tokenizer: Tokenizer, live: Live, signal: AbortSignal | undefined): Promise<boolean> {
  const text = live.tool!.folded!(live.text);
  if (text === null) return live.seq.length < decoder.config.context;
  const ids = tokenizer.encodeLenient(live.prompt + text);
  if (ids.length + 2 * FOLD_MARGIN > decoder.config.context) return false;
  decoder.release?.(live.seq);
  live.seq = decoder.newSequence();
  const record = live.sample.record;
  if (record) {
    (live.sample.foldedRecords ??= []).push(record);
    live.sample.record = { prompt: ids, ids: [], modelAt: [], allowed: [], bias: [], logprob: [] };
  }
  let logits = live.logits;
  for (const [i, id] of ids.entries()) {
    // Re-reading a context is hundreds of steps: let a server's other work and an abort in
    // (before a step: the logits of the last one are read before anything else runs).
    if (i > 0 && i % 64 === 0) {
      throwIfAborted(signal);
      await new Promise((resolve) => setImmediate(resolve));
    }
    logits = decoder.step([live.seq], [id]);
  }
  live.logits.set(logits.subarray(0, decoder.config.vocabSize));
  live.sample.folds = (live.sample.folds ?? 0) + 1;
  live.sample.refedTokens = (live.sample.refedTokens ?? 0) + ids.length;
  return true;
}

/**
 * Sets every logit outside `allowed` to -Infinity. A string of several tokens allows its
 * first token (the tool then sees a partial word and may leave the rest unconstrained).
 */
function maskLogits(logits: Float32Array, tokenizer: Tokenizer, allowed: readonly string[] | null): Int32Array | null {
  if (!allowed || allowed.length === 0) return null;
  const keep = new Set<number>();
  for (const s of allowed) {
    const id = tokenizer.id(s) ?? tokenizer.encodeLenient(s)[0];
    if (id !== undefined) keep.add(id);
  }
  if (keep.size === 0) return null;
  for (let i = 0; i < logits.length; i++) if (!keep.has(i)) logits[i] = -Infinity;
  return Int32Array.from([...keep].sort((a, b) => a - b));
}

/** Adds the biases; returns them as [id, bias] pairs (null when none applied). */
function biasLogits(logits: Float32Array, tokenizer: Tokenizer, bias: Readonly<Record<string, number>> | null): [number, number][] | null {
  if (!bias) return null;
  const applied: [number, number][] = [];
  for (const [s, b] of Object.entries(bias)) {
    const id = tokenizer.id(s);
    if (id !== undefined) {
      logits[id] = logits[id]! + b;
      applied.push([id, b]);
    }
  }
  return applied.length > 0 ? applied : null;
}

function pushSegment(sample: GeneratedSample, text: string, tool: boolean): void {
  sample.segments ??= [];
  const last = sample.segments[sample.segments.length - 1];
  if (last && last.tool === tool) last.text += text;
  else sample.segments.push({ text, tool });
}

function finish(live: Live, reason: 'stop' | 'length'): void {
  live.finished = true;
  live.queue.length = 0;
  live.sample.text = live.text;
  live.sample.finishReason = reason;
}

function firstStop(text: string, stop: readonly string[] | undefined): number {
  let at = -1;
  for (const s of stop ?? []) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at;
}
