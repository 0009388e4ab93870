import { throwIfAborted } from '../../core/errors.js';
import type { KvDecoder, KvSequence } from '../model/decoder.js';

/**
 * One continuation of a shared prefix: `choice` is what the model chooses (scored, token by
 * token, against the other continuations that share the same tokens so far), `forced` is
 * what follows without a choice (task-computed text, fixed words); after it the model's
 * next-token logits are kept, to read what it would write there.
 */
export interface Continuation {
  choice: readonly number[];
  forced: readonly number[];
}

export interface ContinuationScore {
  /**
   * Log-probability of `choice` under constrained decoding: at each token, a softmax over
   * the tokens that some continuation sharing the path so far has there (the legal next
   * tokens), so the scores of all continuations sum to one.
   */
  logprob: number;
  /** Next-token logits after `choice` + `forced` (vocabulary-sized; null when `withLogits` left it out). */
  logits: Float32Array | null;
}

export interface ScoreOptions {
  /** Which continuations need their final logits (feeding `forced` costs tokens); default all. */
  withLogits?: (index: number) => boolean;
  signal?: AbortSignal;
}

export interface ScoreResult {
  scores: ContinuationScore[];
  /** Token positions run through the network (prefix included): the compute this cost. */
  processed: number;
}

interface TrieNode {
  token: number;
  children: Map<number, TrieNode>;
  /** Continuations that end their choice here. */
  ends: number[];
  seq: KvSequence | null;
  logprob: number;
}

/**
 * Scores many continuations of one prefix in batched passes over a shared key/value cache:
 * the prefix is run once, the choices form a trie run one depth per batched step, and the
 * forced tails run in lockstep. Sequences hold only the room they need (not the context).
 */
export function scoreContinuations(decoder: KvDecoder, prefix: readonly number[], continuations: readonly Continuation[], options: ScoreOptions = {}): ScoreResult {
  const { vocabSize: V, context } = decoder.config;
  const longest = continuations.reduce((m, c) => Math.max(m, c.choice.length + c.forced.length), 0);
  if (prefix.length === 0) throw new RangeError('empty prefix: the model needs at least one token to condition on');
  if (prefix.length + longest > context) throw new RangeError(`prefix and continuation (${prefix.length + longest} tokens) exceed the context (${context})`);
  const room = prefix.length + longest;
  let processed = 0;
  const base = sized(decoder, room);
  let logits = new Float32Array(V);
  for (const id of prefix) {
    logits = decoder.step([base], [id]).slice(0, V);
    processed += 1;
  }
  const root: TrieNode = { token: -1, children: new Map(), ends: [], seq: base, logprob: 0 };
  continuations.forEach((c, i) => {
    let node = root;
    for (const t of c.choice) {
      let next = node.children.get(t);
      if (!next) {
        next = { token: t, children: new Map(), ends: [], seq: null, logprob: 0 };
        node.children.set(t, next);
      }
      node = next;
    }
    node.ends.push(i);
  });
  const scores: ContinuationScore[] = continuations.map(() => ({ logprob: 0, logits: null }));
  const leafSeqs = new Map<number, { seq: KvSequence; logits: Float32Array }>();
  // Breadth-first over the trie: every node at one depth is fed in one batched step.
  let level: { node: TrieNode; logits: Float32Array }[] = [{ node: root, logits }];
  while (level.length > 0) {
    throwIfAborted(options.signal);
    const feed: { parent: KvSequence; child: TrieNode }[] = [];
    for (const { node, logits: row } of level) {
      for (const i of node.ends) leafSeqs.set(i, { seq: node.seq!, logits: row });
      if (node.children.size === 0) continue;
      const allowed = [...node.children.keys()];
      const lse = logSumExp(allowed.map((t) => row[t]!));
      for (const [t, child] of node.children) {
        child.logprob = node.logprob + row[t]! - lse;
        feed.push({ parent: node.seq!, child });
      }
    }
    for (const { node } of level) for (const i of node.ends) scores[i]!.logprob = node.logprob;
    if (feed.length === 0) break;
    // A node with one child can hand its cache on; the others copy theirs.
    const handed = new Set<KvSequence>();
    const seqs = feed.map(({ parent }) => {
      const shared = feed.filter((f) => f.parent === parent).length === 1 && !isEndOwner(level, parent);
      if (shared && !handed.has(parent)) {
        handed.add(parent);
        return parent;
      }
      return copy(decoder, parent, room);
    });
    const out = decoder.step(seqs, feed.map((f) => f.child.token));
    processed += feed.length;
    level = feed.map(({ child }, b) => {
      child.seq = seqs[b]!;
      return { node: child, logits: out.slice(b * V, (b + 1) * V) };
    });
  }
  // The forced tails, in lockstep; each continuation whose logits are wanted gets its own copy.
  const want = (i: number) => options.withLogits?.(i) ?? true;
  const tails: { i: number; seq: KvSequence; pos: number; logits: Float32Array }[] = [];
  const owners = new Map<KvSequence, number>();
  continuations.forEach((c, i) => {
    if (!want(i)) return;
    const leaf = leafSeqs.get(i)!;
    if (c.forced.length === 0) {
      scores[i]!.logits = leaf.logits;
      return;
    }
    const used = owners.get(leaf.seq) ?? 0;
    owners.set(leaf.seq, used + 1);
    tails.push({ i, seq: used === 0 ? leaf.seq : copy(decoder, leaf.seq, room), pos: 0, logits: leaf.logits });
  });
  for (;;) {
    throwIfAborted(options.signal);
    const live = tails.filter((t) => t.pos < continuations[t.i]!.forced.length);
    if (live.length === 0) break;
    const out = decoder.step(live.map((t) => t.seq), live.map((t) => continuations[t.i]!.forced[t.pos++]!));
    processed += live.length;
    live.forEach((t, b) => {
      if (t.pos === continuations[t.i]!.forced.length) scores[t.i]!.logits = out.slice(b * V, (b + 1) * V);
    });
  }
  return { scores, processed };
}

function isEndOwner(level: readonly { node: TrieNode }[], seq: KvSequence): boolean {
  return level.some(({ node }) => node.seq === seq && node.ends.length > 0);
}

/** A key/value sequence with room for `room` positions only (the decoder checks the context, the arrays the room). */
function sized(decoder: KvDecoder, room: number): KvSequence {
  const size = room * decoder.config.dim;
  return {
    keys: decoder.view.layers.map(() => new Float32Array(size)),
    values: decoder.view.layers.map(() => new Float32Array(size)),
    length: 0,
  };
}

function copy(decoder: KvDecoder, seq: KvSequence, room: number): KvSequence {
  const out = sized(decoder, room);
  const used = seq.length * decoder.config.dim;
  seq.keys.forEach((k, l) => out.keys[l]!.set(k.subarray(0, used)));
  seq.values.forEach((v, l) => out.values[l]!.set(v.subarray(0, used)));
  out.length = seq.length;
  return out;
}

function logSumExp(xs: readonly number[]): number {
  let max = -Infinity;
  for (const x of xs) if (x > max) max = x;
  if (max === -Infinity) return max;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - max);
  return max + Math.log(sum);
}
