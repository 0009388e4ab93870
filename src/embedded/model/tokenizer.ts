import { InputError } from '../../core/errors.js';

/**
 * A word-level tokenizer fitted to the traces: every word that occurs often enough in the
 * training text (numbers included, so `13` or `13/3` is one token and the model never
 * spells digits) is one token, carrying its leading space; anything else falls back to
 * single characters, so every text over the fitted characters round-trips exactly.
 */
export class Tokenizer {
  private readonly index = new Map<string, number>();

  constructor(readonly vocab: readonly string[]) {
    vocab.forEach((token, i) => {
      if (this.index.has(token)) throw new InputError(`tokenizer vocabulary repeats '${token}'`);
      this.index.set(token, i);
    });
    if (!this.index.has(' ')) throw new InputError("tokenizer vocabulary needs the single space ' '");
  }

  get size(): number {
    return this.vocab.length;
  }

  id(token: string): number | undefined {
    return this.index.get(token);
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const word of splitWords(text)) {
      const id = this.index.get(word);
      if (id !== undefined) {
        out.push(id);
        continue;
      }
      for (const ch of word) {
        const cid = this.index.get(ch);
        if (cid === undefined) throw new InputError(`the model's vocabulary has no character '${ch}' (in '${word}')`);
        out.push(cid);
      }
    }
    return out;
  }

  /**
   * As `encode`, but characters outside the vocabulary are dropped instead of failing:
   * for text the model only reads (the tool's), where a model trained without a phrase
   * should still see the rest of it.
   */
  encodeLenient(text: string): number[] {
    const out: number[] = [];
    for (const word of splitWords(text)) {
      const id = this.index.get(word);
      if (id !== undefined) out.push(id);
      else for (const ch of word) {
        const cid = this.index.get(ch);
        if (cid !== undefined) out.push(cid);
      }
    }
    return out;
  }

  decode(ids: readonly number[]): string {
    let text = '';
    for (const id of ids) {
      const token = this.vocab[id];
      if (token === undefined) throw new RangeError(`token id ${id} is outside the vocabulary of ${this.vocab.length}`);
      text += token;
    }
    return text;
  }
}

/** Words keep their leading space; newlines and parentheses stand alone (`(left:` is one word). */
export function splitWords(text: string): string[] {
  return text.match(/\n| ?\(left:| ?[^\s()]+|[()]| /g) ?? [];
}

/**
 * Fits a vocabulary: every character seen (the fallback) plus every word seen at least
 * `minCount` times, in a deterministic order (characters, then words by count then text).
 */
export function fitTokenizer(texts: Iterable<string>, minCount = 2, always: readonly string[] = []): Tokenizer {
  const chars = new Set<string>([' ', '\n']);
  const counts = new Map<string, number>();
  // Phrases a tool may append even if no training text contains them: always tokens.
  for (const text of always) {
    for (const ch of text) chars.add(ch);
    for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + minCount);
  }
  for (const text of texts) {
    for (const ch of text) chars.add(ch);
    for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const charList = [...chars].sort();
  const words = [...counts.entries()]
    .filter(([word, n]) => n >= minCount && !chars.has(word))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([word]) => word);
  return new Tokenizer([...charList, ...words]);
}

/**
 * Every integer 0..max as a word of its own, bare (the first operand of a line) and with
 * its leading space: given to `fitTokenizer` as always-tokens, so that each number in that
 * range is one token with numeric features (number-embedding.ts) however rarely the
 * training text shows it. Larger numbers fall back to digits.
 */
export function integerWords(max: number): string[] {
  const out: string[] = [];
  for (let n = 0; n <= max; n++) out.push(String(n), ` ${n}`);
  return out;
}
