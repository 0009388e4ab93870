import { createContext } from '../../core/context.js';
import { InputError } from '../../core/errors.js';
import type { Policy } from '../../core/reasoning.js';
import { createRandom } from '../../core/random.js';
import type { TraceTree } from '../../core/tree-schema.js';
import { createTextProblem } from '../../policies/text-problem.js';
import { isTextState, type TextState } from '../../policies/text-state.js';
import { createRolloutValue } from '../../verifiers/llm/rollout-value.js';
import { annotateTree } from '../generate/annotate-tree.js';
import type { SearchRecord } from '../generate/search-record.js';

export interface RolloutLabelOptions {
  /** The policy that continues a partial solution (the text step policy of the model to label for). */
  policy: Policy<TextState>;
  /** Continuations per step (the Meta-CoT paper: 16 for PRM labels; 128 for the values in its traces). */
  rollouts?: number;
  /** Steps a continuation may take (default 20). */
  maxDepth?: number;
  /** Whether a final answer is right for this problem (the grader against the gold answer). */
  correct: (answer: string) => boolean;
  seed?: string;
  signal?: AbortSignal;
}

/**
 * Monte-Carlo values for the steps of a text tree, as Math-Shepherd and the Meta-CoT paper
 * label PRM data: every unfinished step on a judged solution path gets the share of
 * `rollouts` continuations from it that reach a right answer. Returns an annotated copy
 * of the tree with those values as `scores.value` (finished steps keep their verdict),
 * ready for `stepLabels(..., { source: 'rollouts' })`.
 */
export async function withRolloutValues(tree: TraceTree, record: SearchRecord, options: RolloutLabelOptions): Promise<TraceTree> {
  const t = annotateTree(tree, record);
  const root = t.nodes[0]!.state;
  if (!isTextState(root)) throw new InputError(`tree of '${record.id}' is not a text search (its states are not {question, steps, done}); rollout values need text steps`);
  const onPath = new Set<number>();
  for (const node of t.nodes) {
    if (!node.flags.terminal || node.flags.verified === undefined) continue;
    for (let id = node.parentId; id !== null && id !== 0; id = t.nodes[id]!.parentId) onPath.add(id);
  }
  const ids = [...onPath].sort((a, b) => a - b);
  if (ids.length === 0) return t;
  const problem = createTextProblem({ question: root.question, id: record.id, verify: options.correct });
  const value = createRolloutValue({ policy: options.policy, problem, rollouts: options.rollouts ?? 16, ...(options.maxDepth ? { maxDepth: options.maxDepth } : {}) });
  const ctx = createContext({ random: createRandom(options.seed ?? `rollouts/${record.id}`), ...(options.signal ? { signal: options.signal } : {}) });
  const states = ids.map((id) => t.nodes[id]!.state as unknown as TextState);
  const values = await value.score(states, ctx);
  ids.forEach((id, k) => (t.nodes[id]!.scores = { ...t.nodes[id]!.scores, value: values[k]! }));
  return t;
}
