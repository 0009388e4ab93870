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
  const counts: FilterCounts = { input: examples.length, unverified: 0, tooShort: 0, tooLong: 0, duplicate: 0, contaminated: 0, kept: 0 };
  const seen = new Set<string>();
  const kept: TraceExample[] = [];
  for (const e of examples) {
    if (filters.verifiedOnly && !e.verified) {
      counts.unverified++;
      continue;
    }
    const tokens = estimateTokens(e.text);
    if (filters.minTokens !== undefined && tokens < filters.minTokens) {
      counts.tooShort++;
      continue;
    }
    if (filters.maxTokens !== undefined && tokens > filters.maxTokens) {
      counts.tooLong++;
      continue;
    }
    if (filters.dedupe) {
      const h = textHash(`${e.prompt}\u0000${e.text}`);
      if (seen.has(h)) {
        counts.duplicate++;
        continue;
      }
      seen.add(h);
    }
    if (filters.decontaminate && filters.decontaminate.index.overlap(e.problem) !== null) {
      counts.contaminated++;
      continue;
    }
    kept.push(e);
  }
  counts.kept = kept.length;
  return { kept, counts };
}
