import type { SearchContext, Verifier } from '../../core/reasoning.js';
import { generateWithinBudget } from '../../models/generate-within-budget.js';
import type { TotGame24Options } from '../../policies/tot-propose-policy.js';
import { arithStateKey, formatNumbers, reachesTarget, type ArithState } from '../../tasks/arith/arith-state.js';
import { parseVerdict, TOT_VERDICT_VALUES, totValuePrompt } from './tot-prompts.js';

/**
 * Tree of Thoughts' state evaluator as a Verifier: `valueSamples` samples of the value
 * prompt for the numbers left, each verdict worth sure 20 / likely 1 / impossible 0.001,
 * summed, then divided by the most a state can get (20 per sample) to land in [0, 1].
 * States with the same numbers left share one evaluation; a finished state (one number)
 * is 1 when it is 24, else 0, with no model call.
 */
export function totValueVerifier(options: TotGame24Options): Verifier<ArithState> {
  const samples = options.valueSamples ?? 3;
  const max = TOT_VERDICT_VALUES.sure * samples;
  return {
    id: `tot-value:${options.model.id}`,
    kind: 'process',
    async score(states: readonly ArithState[], ctx: SearchContext): Promise<number[]> {
      const jobs = new Map<string, Promise<number>>();
      const keys = states.map((state) => {
        const key = arithStateKey(state);
        if (!jobs.has(key)) {
          if (state.nums.length <= 1) jobs.set(key, Promise.resolve(reachesTarget(state) ? max : 0));
          else {
            const seed = ctx.random.int(2 ** 31);
            jobs.set(key, generateWithinBudget(options.model, { messages: [{ role: 'user', content: totValuePrompt(formatNumbers(state.nums)) }], n: samples, temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 256, seed, stop: ['\nInput:'] }, ctx.budget, ctx.signal)
              .then((result) => {
                // No token left in the budget: no verdict (the state scores as if impossible).
                if (!result) return 0;
                ctx.budget.charge({ tokensIn: result.usage.tokensIn, tokensOut: result.usage.tokensOut });
                return result.choices.reduce((sum, c) => {
                  const verdict = parseVerdict(c.text);
                  return sum + (verdict ? TOT_VERDICT_VALUES[verdict] : 0);
                }, 0);
              }));
          }
        }
        return key;
      });
      const values = await Promise.all(keys.map((k) => jobs.get(k)!));
      return values.map((v) => v / max);
    },
  };
}
