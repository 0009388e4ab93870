import type { SearchContext, Verifier } from '../../core/reasoning.js';
import { throwIfAborted } from '../../core/errors.js';
import { grade, type GradeCallOptions } from './grade.js';
import type { GraderPool } from './grader-pool.js';

/**
 * An outcome verifier for one math problem: 1 when the state's final answer equals the
 * gold answer, else 0. With a `pool`, checks run in worker threads under its timeout.
 */
export function mathOutcomeVerifier(gold: string, options: { pool?: GraderPool; grade?: GradeCallOptions } = {}): Verifier<string> {
  const gradeOptions: GradeCallOptions = { extract: 'always', ...options.grade };
  return {
    id: 'math-grader',
    kind: 'outcome',
    async score(states: readonly string[], ctx: SearchContext): Promise<number[]> {
      throwIfAborted(ctx.signal);
      if (options.pool) {
        const results = await options.pool.gradeMany(states.map((pred) => ({ gold, pred, options: gradeOptions })), ctx.signal);
        return results.map((r) => (r.equal ? 1 : 0));
      }
      return states.map((pred) => (grade(gold, pred, gradeOptions).equal ? 1 : 0));
    },
  };
}
