import type { Policy, SearchContext, SearchProblem, Verifier } from '../../core/reasoning.js';

export interface RolloutValueOptions<S> {
  policy: Policy<S>;
  problem: SearchProblem<S>;
  /** Rollouts per state (the Meta-CoT paper labels PRM data from 128; default 8). */
  rollouts?: number;
  /** Steps a rollout may take before it counts as a failure (default 20). */
  maxDepth?: number;
  /** What counts as reaching a verified answer (default: the problem's exact checker). */
  success?: (state: S) => boolean;
}

/**
 * The Monte-Carlo value of a state: the fraction of `rollouts` continuations, each run by
 * the policy one step at a time to the end, that reach a verified answer. This is how
 * Math-Shepherd and the Meta-CoT paper label process-reward data. Rollouts of one batch
 * run concurrently; each draws from its own fork of the search's random source, so the
 * value is reproducible however the calls interleave. Their tokens are charged to the
 * budget (not their policy calls, which belong to the verifier's compute).
 */
export function createRolloutValue<S>(options: RolloutValueOptions<S>): Verifier<S> {
  const { policy, problem } = options;
  const k = options.rollouts ?? 8;
  const maxDepth = options.maxDepth ?? 20;
  const success = options.success ?? ((state: S) => problem.verify?.(state) ?? false);

  const rollout = async (start: S, ctx: SearchContext): Promise<boolean> => {
    let state = start;
    for (let depth = 0; depth < maxDepth && !problem.isTerminal(state); depth++) {
      const [step] = await policy.propose(state, 1, ctx);
      if (!step) return false;
      ctx.budget.charge({ tokensIn: step.cost?.tokensIn ?? 0, tokensOut: step.cost?.tokensOut ?? 0 });
      state = step.state;
    }
    return problem.isTerminal(state) && success(state);
  };

  return {
    id: `rollout-value:${policy.id}:${k}`,
    kind: 'process',
    async score(states: readonly S[], ctx: SearchContext): Promise<number[]> {
      const jobs = states.map((state, i) => {
        if (problem.isTerminal(state)) return Promise.resolve(success(state) ? 1 : 0);
        const forks = Array.from({ length: k }, (_, r) => ({ ...ctx, random: ctx.random.fork(`rollout:${i}:${r}`) }));
        return Promise.all(forks.map((c) => rollout(state, c))).then((wins) => wins.filter(Boolean).length / k);
      });
      return Promise.all(jobs);
    },
  };
}
