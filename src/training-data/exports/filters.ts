import { createHash } from 'node:crypto';
import { estimateTokens } from '../../core/usage.js';
import type { TraceExample } from '../generate/trace-example.js';
import type { NgramIndex } from './decontaminate.js';

export interface ExportFilters {
  /** Keep only searches that found a verified answer (Meta-STaR's filter). Default true for SFT. */
  verifiedOnly?: boolean;
  /** Length limits on the trace, in estimated tokens (characters / 4). */
  minTokens?: number;
  maxTokens?: number;
  /** Drop traces whose text (whitespace-normalised) was already kept. */
  dedupe?: boolean;
  /** Drop problems that share an n-gram with a test set. */
  decontaminate?: { index: NgramIndex; source: string };
}

/** Why examples were dropped, per filter, in the order the filters run. */
export interface FilterCounts {
  input: number;
  unverified: number;
  tooShort: number;
  tooLong: number;
  duplicate: number;
  contaminated: number;
  kept: number;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex');
}

/** Applies the filters to linearized traces and counts what each one dropped. */
export function filterExamples(examples: readonly TraceExample[], filters: ExportFilters): { kept: TraceExample[]; counts: FilterCounts } {
  const seen = new Set<string>();
  const filter = new ExampleFilter(filters, { add: (h) => !seen.has(h) && Boolean(seen.add(h)) });
  const kept = examples.filter((e) => filter.keep(e));
  return { kept, counts: filter.counts };
}

/**
 * The filters applied one example at a time (what `filterExamples` does to a list), so an
 * export can stream: `seen` remembers the kept texts' hashes for de-duplication (a Set, or
 * a set on disk for runs of any size).
 */
export class ExampleFilter {
  readonly counts: FilterCounts = { input: 0, unverified: 0, tooShort: 0, tooLong: 0, duplicate: 0, contaminated: 0, kept: 0 };

  constructor(
    private readonly filters: ExportFilters,
    private readonly seen: { add(hash: string): boolean },
  ) {}

  keep(e: TraceExample): boolean {
    const { filters, counts } = this;
    counts.input++;
    if (filters.verifiedOnly && !e.verified) {
      counts.unverified++;
      return false;
    }
    const tokens = estimateTokens(e.text);
    if (filters.minTokens !== undefined && tokens < filters.minTokens) {
      counts.tooShort++;
      return false;
    }
    if (filters.maxTokens !== undefined && tokens > filters.maxTokens) {
      counts.tooLong++;
      return false;
    }
    if (filters.dedupe && !this.seen.add(textHash(`${e.prompt}\u0000${e.text}`))) {
      counts.duplicate++;
      return false;
    }
    if (filters.decontaminate && filters.decontaminate.index.overlap(e.problem) !== null) {
      counts.contaminated++;
      return false;
    }
    counts.kept++;
    return true;
  }
}
