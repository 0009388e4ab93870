/** Lower-case word tokens (letters, digits, and single symbols), for n-gram overlap. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

function ngrams(tokens: readonly string[], n: number): string[] {
  if (tokens.length < n) return tokens.length > 0 ? [tokens.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  return out;
}

/**
 * An index of a test set's problems for decontamination: a training problem is
 * contaminated when it shares any word n-gram (default 13, as in GPT-3's and many
 * benchmark audits) with a test problem; a text shorter than n words is one n-gram of
 * its own, so short problems are matched whole.
 */
export class NgramIndex {
  private readonly grams = new Set<string>();

  constructor(
    testProblems: Iterable<string>,
    readonly n = 13,
  ) {
    for (const text of testProblems) for (const g of ngrams(words(text), n)) this.grams.add(g);
  }

  get size(): number {
    return this.grams.size;
  }

  /** The first shared n-gram, or null when the text shares none. */
  overlap(text: string): string | null {
    for (const g of ngrams(words(text), this.n)) if (this.grams.has(g)) return g;
    return null;
  }
}
