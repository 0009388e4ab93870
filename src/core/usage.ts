/** Compute spent by one node, one call or one whole run. All counts are additive. */
export interface Usage {
  policyCalls: number;
  tokensIn: number;
  tokensOut: number;
  verifierCalls: number;
  /** Wall-clock milliseconds. */
  ms: number;
  /** Request-cache hits and misses, when a cache sits in front of the model. */
  cacheHits?: number;
  cacheMisses?: number;
}

export function emptyUsage(): Usage {
  return { policyCalls: 0, tokensIn: 0, tokensOut: 0, verifierCalls: 0, ms: 0 };
}

/** Adds `more` into `into` (mutating) and returns it. */
export function addUsage(into: Usage, more: Partial<Usage>): Usage {
  into.policyCalls += more.policyCalls ?? 0;
  into.tokensIn += more.tokensIn ?? 0;
  into.tokensOut += more.tokensOut ?? 0;
  into.verifierCalls += more.verifierCalls ?? 0;
  into.ms += more.ms ?? 0;
  if (more.cacheHits) into.cacheHits = (into.cacheHits ?? 0) + more.cacheHits;
  if (more.cacheMisses) into.cacheMisses = (into.cacheMisses ?? 0) + more.cacheMisses;
  return into;
}

export function sumUsage(items: Iterable<Partial<Usage>>): Usage {
  const total = emptyUsage();
  for (const u of items) addUsage(total, u);
  return total;
}

/**
 * A rough token count for text whose model did not report one (about four characters
 * a token for English and LaTeX). Used for symbolic steps and servers without `usage`.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}
