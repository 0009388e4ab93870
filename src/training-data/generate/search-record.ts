/**
 * What the data pipeline reads about one searched problem besides its tree: the fields
 * of an evaluation run's record (`metacot generate` and `metacot eval` write them) that
 * training data needs. Kept structural so this layer does not depend on the harness.
 */
export interface SearchRecord {
  id: string;
  prompt: string;
  /** The task's input (for text problems, the problem without the instruction around it). */
  input?: unknown;
  gold: string | null;
  level: string | number | null;
  subject: string | null;
  answer: string | null;
  /** Whether the method's final answer was judged correct. */
  correct: boolean;
  /** Every finished state of the tree, judged (by the task's checker or against the gold answer). */
  candidates: readonly { nodeId: number | null; answer: string | null; correct: boolean }[];
}
