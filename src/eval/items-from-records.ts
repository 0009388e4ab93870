import type { RunRecord } from './run-schema.js';
import type { ScoringItem } from './score-items.js';

/** A run's records as scoring items (clusters and verdicts were fixed when the run was made). */
export function itemsFromRecords(records: readonly RunRecord[]): ScoringItem[] {
  return records.map(itemFromRecord);
}

/** One record as a scoring item. */
export function itemFromRecord(r: RunRecord): ScoringItem {
  return {
    id: r.id,
    level: r.level,
    subject: r.subject,
    correct: r.correct,
    candidates: r.candidates.map((c) => ({ cluster: c.cluster, correct: c.correct, score: c.score, tokens: c.tokens, steps: c.steps })),
    tokensIn: r.usage.tokensIn,
    tokensOut: r.usage.tokensOut,
    steps: r.steps,
    policyCalls: r.usage.policyCalls,
    verifierCalls: r.usage.verifierCalls,
  };
}
