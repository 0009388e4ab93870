import type { SearchContext, Verifier } from '../../core/reasoning.js';
import { throwIfAborted } from '../../core/errors.js';
import { grade, type GradeCallOptions } from './grade.js';
import type { GraderPool } from './grader-pool.js';

/**
 * An outcome verifier for one math problem: 1 when the state's final answer equals the
 * gold answer (or any of several, e.g. a choice's letter and its text), else 0. With a
 * `pool`, checks run in worker threads under its timeout.
 */
export function mathOutcomeVerifier(gold: string | readonly string[], options: { pool?: GraderPool; grade?: GradeCallOptions } = {}): Verifier<string> {
  const gradeOptions: GradeCallOptions = { extract: 'always', ...options.grade };
  return {
    id: 'math-grader',
    kind: 'outcome',
    async score(states: readonly string[], ctx: SearchContext): Promise<number[]> {
      throwIfAborted(ctx.signal);
      const golds = typeof gold === 'string' ? [gold] : [...gold];
      if (options.pool) {
        const pairs = states.flatMap((pred) => golds.map((g) => ({ gold: g, pred, options: gradeOptions })));
        const results = await options.pool.gradeMany(pairs, ctx.signal);
        return states.map((_, i) => (results.slice(i * golds.length, (i + 1) * golds.length).some((r) => r.equal) ? 1 : 0));
      }
      return states.map((pred) => (golds.some((g) => grade(g, pred, gradeOptions).equal) ? 1 : 0));
    },
  };
}
