import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import type { TreeNode } from '../core/tree-schema.js';
import type { OptionRules } from './option-rules.js';
import { sampleRollouts } from './sample-rollouts.js';
import { pickBest, runSearch, type SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type RevisionOptions = {
  /** Attempts at most (K). */
  attempts: number;
  /** Steps per attempt at most. */
  maxDepth: number;
  /** Without an exact checker, an attempt counts as right when the verifier scores it at least this. */
  threshold: number;
  /** Earlier wrong attempts shown in the context (0: all of them). */
  show: number;
};

export const REVISION_DEFAULTS: RevisionOptions = { attempts: 4, maxDepth: 10, threshold: 0.5, show: 0 };

const RULES: OptionRules<RevisionOptions> = {
  attempts: { type: 'integer', min: 1, max: 1000, description: 'attempts at most (K)' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'most steps per attempt' },
  threshold: { type: 'number', min: 0, max: 1, description: 'verifier score an attempt needs when no exact checker judges it' },
  show: { type: 'integer', min: 0, max: 1000, description: 'earlier wrong attempts shown in the context (0 = all)' },
};

/**
 * A problem that can restate itself with earlier wrong attempts in view. Text problems
 * need not implement it: a state shaped `{question, steps, done}` gets the attempts
 * appended to its question (what the text policy shows the model).
 */
export interface RevisableProblem<S> extends SearchProblem<S> {
  withAttempts(initial: S, wrong: readonly S[]): S;
}

interface TextLike {
  question: string;
  steps: string[];
  done: boolean;
}

function isTextLike(value: unknown): value is TextLike {
  const v = value as Partial<TextLike> | null;
  return !!v && typeof v === 'object' && typeof v.question === 'string' && Array.isArray(v.steps) && typeof v.done === 'boolean';
}

export const REVISION_HEADER = 'Earlier attempts at this problem, each checked and found wrong:';
export const REVISION_FOOTER = 'Solve the problem again. Do not repeat the mistakes above.';

/** The default restatement of a text question with its wrong attempts (the paper's revision prompt, in words). */
export function questionWithAttempts(question: string, attempts: readonly string[]): string {
  if (attempts.length === 0) return question;
  const shown = attempts.map((a, i) => `Attempt ${i + 1}:\n${a}`).join('\n\n');
  return `${question}\n\n${REVISION_HEADER}\n\n${shown}\n\n${REVISION_FOOTER}`;
}

function restate<S>(problem: SearchProblem<S>, initial: S, wrong: readonly S[]): S {
  const revisable = problem as Partial<RevisableProblem<S>>;
  if (typeof revisable.withAttempts === 'function') return revisable.withAttempts(initial, wrong);
  if (isTextLike(initial)) {
    const texts = wrong.map((s) => (isTextLike(s) ? s.steps.join('\n\n') : JSON.stringify(s)));
    return { ...initial, question: questionWithAttempts(initial.question, texts), steps: [], done: false } as S;
  }
  // A state with no room for context: the attempts are independent retries.
  return initial;
}

/**
 * Sequential revision (the Meta-CoT paper's revision strategy): the model answers; an
 * answer found wrong (by the task's exact checker, else by the verifier's score falling
 * short of `threshold`) goes into the context of the next attempt, up to `attempts`
 * times. Every attempt is a branch from the root, so the trace reads as a search that
 * goes back to the start with its failures in view, and the number of attempts is the
 * root's child count.
 */
async function revisionBody<S>(run: SearchRun<S>, o: RevisionOptions, initial: S, setContext: (state: S | null) => void) {
  const wrong: S[] = [];
  const tips: TreeNode[] = [];
  for (let k = 0; k < o.attempts; k++) {
    run.guard();
    const shown = o.show === 0 ? wrong : wrong.slice(-o.show);
    setContext(k === 0 ? null : restate(run.problem, initial, shown));
    const [tip] = await sampleRollouts(run, 1, o.maxDepth);
    if (!tip || tip === run.root) break; // the policy had nothing to say
    tips.push(tip);
    const [score] = await run.evaluate([tip]);
    run.visit(tip);
    const right = tip.flags.verified ?? (tip.flags.terminal && score! >= o.threshold);
    if (right) return { stopReason: tip.flags.verified ? ('solved' as const) : ('completed' as const), best: tip };
    wrong.push(run.state(tip));
  }
  return { stopReason: 'completed' as const, best: pickBest(tips) };
}

export const revision: SearchAlgorithm<RevisionOptions> = defineSearch<RevisionOptions>({
  name: 'revision',
  description: 'sequential revision: answer, see the wrong attempts in context, try again (up to K)',
  defaults: REVISION_DEFAULTS,
  rules: RULES,
  run<S>(problem: SearchProblem<S>, policy: Policy<S>, verifier: Verifier<S>, o: RevisionOptions, ctx: SearchContext) {
    // The run's root state is the plain question; an attempt after the first starts from
    // the question restated with the wrong attempts, so the policy is asked about that
    // state whenever the run expands the root.
    let root: S | null = null;
    let context: S | null = null;
    const revising: Policy<S> = {
      id: policy.id,
      propose: (state, count, callCtx) => policy.propose(state === root && context !== null ? context : state, count, callCtx),
    };
    return runSearch('revision', o as Record<string, Json>, problem, revising, verifier, ctx, (run) => {
      root = run.state(run.root);
      return revisionBody(run, o, root, (state) => (context = state));
    });
  },
});
