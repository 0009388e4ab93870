import type { TreeNode } from '../core/tree-schema.js';
import type { OptionRules } from './option-rules.js';
import { sampleRollouts } from './sample-rollouts.js';
import type { SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type MajorityOptions = {
  /** Independent rollouts drawn. */
  n: number;
  /** Steps per rollout at most. */
  maxDepth: number;
  /** Weigh each vote by the verifier's score instead of counting it once. */
  weighted: boolean;
};

export const MAJORITY_DEFAULTS: MajorityOptions = { n: 8, maxDepth: 10, weighted: false };

const RULES: OptionRules<MajorityOptions> = {
  n: { type: 'integer', min: 1, max: 100_000, description: 'independent rollouts' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'most steps per rollout' },
  weighted: { type: 'boolean', description: 'weigh votes by verifier score (costs verifier calls)' },
};

interface Ballot {
  weight: number;
  first: TreeNode;
  top: TreeNode;
}

/**
 * Self-consistency: N rollouts, then the final answer given most often wins. Answers are
 * grouped by the problem's `answerKey` (exact string without one). Ties go to the answer
 * that appeared first. Unweighted voting never calls the verifier.
 */
async function majorityBody<S>(run: SearchRun<S>, o: MajorityOptions) {
  const tips = await sampleRollouts(run, o.n, o.maxDepth);
  const answered = tips.filter((tip) => tip.flags.terminal && tip.flags.answer != null);
  const weights = o.weighted ? await run.evaluate(answered) : answered.map(() => 1);
  const keyOf = (answer: string) => (run.problem.answerKey ? run.problem.answerKey(answer) : answer);
  const ballots = new Map<string, Ballot>();
  answered.forEach((node, i) => {
    const key = keyOf(node.flags.answer!);
    const ballot = ballots.get(key);
    if (!ballot) ballots.set(key, { weight: weights[i]!, first: node, top: node });
    else {
      ballot.weight += weights[i]!;
      if ((node.scores.value ?? 0) > (ballot.top.scores.value ?? 0)) ballot.top = node;
    }
  });
  let winner: Ballot | null = null;
  for (const ballot of ballots.values()) if (!winner || ballot.weight > winner.weight) winner = ballot;
  return { stopReason: 'completed' as const, best: winner ? (o.weighted ? winner.top : winner.first) : null };
}

export const majority: SearchAlgorithm<MajorityOptions> = defineSearch<MajorityOptions>({
  name: 'majority',
  description: 'self-consistency: N rollouts, the most frequent final answer wins',
  defaults: MAJORITY_DEFAULTS,
  rules: RULES,
  body: (run, o) => majorityBody(run, o),
});
