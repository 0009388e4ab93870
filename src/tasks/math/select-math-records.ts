import { createRandom, shuffled } from '../../core/random.js';
import type { MathRecord } from './math-record.js';

export interface MathSelection {
  /** Keep only these levels (MATH 1–5, HARP 1–6, Omni-MATH difficulty, rounded down). */
  levels?: readonly number[];
  /** Keep only these subjects (case-insensitive, e.g. `algebra`, `Number Theory`). */
  subjects?: readonly string[];
  /** At most this many records. */
  limit?: number;
  /** With `limit`: a seeded random sample instead of the first records. */
  seed?: string | number;
}

/** Filters by level and subject, then takes the first `limit` records or a seeded sample (kept in dataset order). */
export function selectMathRecords(records: readonly MathRecord[], selection: MathSelection = {}): MathRecord[] {
  const subjects = selection.subjects?.map(canonicalSubject);
  let out = records.filter(
    (r) =>
      (!selection.levels || (r.level !== null && selection.levels.includes(Math.floor(r.level)))) &&
      (!subjects || (r.subject !== null && subjects.includes(canonicalSubject(r.subject)))),
  );
  if (selection.limit !== undefined && selection.limit < out.length) {
    if (selection.seed === undefined) out = out.slice(0, selection.limit);
    else {
      const index = new Map(out.map((r, i) => [r, i]));
      out = shuffled(out, createRandom(`math-sample/${selection.seed}`))
        .slice(0, selection.limit)
        .sort((a, b) => index.get(a)! - index.get(b)!);
    }
  }
  return out;
}

function canonicalSubject(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}
