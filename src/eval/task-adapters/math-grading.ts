import { grade, type GradeCallOptions } from '../../verifiers/math-grader/grade.js';
import { GraderPool } from '../../verifiers/math-grader/grader-pool.js';
import { normalizeAnswer } from '../../verifiers/math-grader/normalize-answer.js';

/** How the harness asks the math grader: verdicts, equivalence, and a cheap key. */
export interface MathGrading {
  /** Whether `answer` (already extracted) equals the gold answer. */
  judge(answer: string, gold: string): Promise<boolean>;
  /** Whether two extracted answers are equivalent (for maj@k clusters). */
  equivalent(a: string, b: string): Promise<boolean>;
  /** Answers with equal keys are equal for the grader without asking it (its own first test). */
  key(answer: string): string;
  close(): Promise<void>;
}

export interface MathGradingOptions {
  /**
   * `pool` (default): worker threads with a hard per-check timeout, safe on any input.
   * `inline`: in this thread, faster for trusted inputs but unprotected from pathological ones.
   */
  mode?: 'pool' | 'inline';
  poolSize?: number;
  timeoutMs?: number;
  gradeOptions?: GradeCallOptions;
}

/**
 * The math grader as the harness uses it. Answers are compared as given (`extract: never`):
 * the harness has already extracted them. Verdicts are memoised per pair, since the same
 * wrong answer recurs across samples.
 */
export function mathGrading(options: MathGradingOptions = {}): MathGrading {
  const gradeOptions: GradeCallOptions = { ...options.gradeOptions, extract: 'never' };
  let pool: GraderPool | null = null;
  const compare = async (gold: string, pred: string): Promise<boolean> => {
    if (options.mode === 'inline') return grade(gold, pred, gradeOptions).equal;
    pool ??= new GraderPool({
      ...(options.poolSize !== undefined ? { size: options.poolSize } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      gradeOptions,
    });
    return (await pool.grade(gold, pred)).equal;
  };
  const memo = new Map<string, Promise<boolean>>();
  const cached = (gold: string, pred: string) => {
    const k = `${gold}\u0000${pred}`;
    let verdict = memo.get(k);
    if (!verdict) {
      verdict = compare(gold, pred);
      memo.set(k, verdict);
      if (memo.size > 100_000) memo.delete(memo.keys().next().value!);
    }
    return verdict;
  };
  return {
    judge: (answer, gold) => cached(gold, answer),
    equivalent: (a, b) => cached(a, b),
    key: (answer) => normalizeAnswer(answer).replace(/\s+/g, ''),
    async close() {
      await pool?.close();
      pool = null;
    },
  };
}
