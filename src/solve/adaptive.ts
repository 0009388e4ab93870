import type { Budget, StopReason } from '../core/budget.js';
import { InputError } from '../core/errors.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import type { EmbeddedModel } from '../embedded/model/index.js';
import { ADAPTIVE_DEFAULTS, MAX_RESAMPLES } from '../search/adaptive.js';
import { bestFirst } from '../search/best-first.js';
import { defaultMaxTokens } from '../embedded/reasoner/index.js';
import { deadlineSignal } from './deadline.js';
import { runGuided, runInContext, stoppedOutcome, type MethodOutcome, type NumberPuzzle } from './embedded-methods.js';

/** One method the adaptive search ran, and what it cost. */
export interface SolveAttempt {
  /**
   * `in-context` (the model's own search, `samples` of them at `temperature`), `guided-ALG`
   * (a tree search over every legal step) or `symbolic-best-first` (the proof a model on
   * stricter rules cannot give).
   */
  method: 'in-context' | `guided-${string}` | 'symbolic-best-first';
  samples?: number;
  temperature?: number;
  solved: boolean;
  stopReason: StopReason;
  /** Tokens the model wrote. */
  generatedTokens: number;
  /** Token positions the network ran (prompt, written and read text, scored steps). */
  processedTokens: number;
  /** In-context searches: times their context was folded. */
  folds?: number;
  /** In-context searches: how many looked again before giving up (see ArithTool's `secondLook`). */
  secondLooks?: number;
  /** Of those, how many took the last look (a complete search). */
  lastLooks?: number;
  ms: number;
}

export interface AdaptiveOptions {
  seed: string | number;
  /** T=1 in-context searches after a failed greedy one (0–64; default 2). */
  resamples?: number;
  /** The in-context searches fold their context when it fills and search on (default true). */
  fold?: boolean;
  budget?: Budget;
  signal?: AbortSignal;
}


export interface AdaptiveOutcome extends MethodOutcome {
  attempts: SolveAttempt[];
}

/**
 * Spends more compute only where the model fails: its greedy in-context search first (folding
 * its context when it fills, up to FOLDED_CONTEXTS contexts of tokens); on
 * failure, `resamples` in-context searches at temperature 1 (skipped when the greedy search
 * took its last, complete look and gave up); then the model-guided
 * best-first search over every legal step, which either finds a verified answer or
 * exhausts the puzzle (a proof that it has none). Stops at the first verified answer.
 * The budget bounds the whole: time across every phase, generated tokens across the
 * in-context ones, policy and verifier calls in the tree search.
 */
export async function solveAdaptive(model: EmbeddedModel, puzzle: NumberPuzzle, options: AdaptiveOptions): Promise<AdaptiveOutcome> {
  const resamples = options.resamples ?? ADAPTIVE_DEFAULTS.resamples;
  if (!Number.isInteger(resamples) || resamples < 0 || resamples > MAX_RESAMPLES) {
    throw new InputError(`resamples must be an integer from 0 to ${MAX_RESAMPLES}, got ${resamples}`);
  }
  const budget = options.budget ?? {};
  const started = Date.now();
  const attempts: SolveAttempt[] = [];
  const outcomes: MethodOutcome[] = [];
  const timer = deadlineSignal(budget.timeoutMs, options.signal);
  try {
    const fold = options.fold ?? ADAPTIVE_DEFAULTS.fold;
    const perSearch = defaultMaxTokens(model.checkpoint.config, fold);
    let generatedLeft = budget.maxTokens ?? Infinity;
    const phases: { samples: number; temperature: number }[] = [{ samples: 1, temperature: 0 }];
    if (resamples > 0) phases.push({ samples: resamples, temperature: 1 });
    for (const phase of phases) {
      const perSample = Math.min(perSearch, Math.floor(generatedLeft / phase.samples));
      if (perSample < 1 || timer.expired()) break;
      const t0 = Date.now();
      let outcome: MethodOutcome;
      try {
        outcome = await runInContext(model, puzzle, { ...phase, seed: options.seed, maxTokens: perSample, fold, ...(timer.signal ? { signal: timer.signal } : {}) });
      } catch (error) {
        // The deadline stopped it mid-sample: what it wrote is not an answer; stop here.
        if (timer.expired() && !(options.signal?.aborted ?? false)) break;
        throw error;
      }
      generatedLeft -= outcome.generated;
      outcomes.push(outcome);
      attempts.push(attemptOf(outcome, 'in-context', Date.now() - t0, phase));
      if (outcome.verified) return finish(outcome, outcomes, attempts);
      // A search that took its last look and still gave up searched every state completely:
      // more samples under the same tool cannot succeed, so the exhaustive search settles it.
      if (outcome.lastLooks && outcome.stopReason === 'exhausted') break;
    }
    if (!timer.expired() && generatedLeft > 0) {
      const t0 = Date.now();
      const remainingMs = budget.timeoutMs === undefined ? undefined : Math.max(0, budget.timeoutMs - (Date.now() - started));
      const guidedBudget: Budget = {
        ...(remainingMs !== undefined ? { timeoutMs: remainingMs } : {}),
        ...(budget.maxPolicyCalls !== undefined ? { maxPolicyCalls: budget.maxPolicyCalls } : {}),
        ...(budget.maxVerifierCalls !== undefined ? { maxVerifierCalls: budget.maxVerifierCalls } : {}),
      };
      const outcome = await runGuided(model, puzzle, {
        algorithm: bestFirst, options: bestFirst.resolveOptions({}), seed: options.seed, budget: guidedBudget,
        ...(timer.signal ? { signal: timer.signal } : {}),
      });
      // Our deadline aborts the search; to the caller that is the time budget running out.
      if (outcome.stopReason === 'aborted' && timer.expired() && !(options.signal?.aborted ?? false)) outcome.stopReason = 'timeout';
      outcomes.push(outcome);
      attempts.push(attemptOf(outcome, 'guided-best-first', Date.now() - t0));
      return finish(outcome, outcomes, attempts);
    }
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    const reason: StopReason = timer.expired() ? 'timeout' : 'tokens';
    const last = outcomes[outcomes.length - 1] ?? stoppedOutcome(model, puzzle, reason, 'adaptive', Date.now() - started);
    const out = finish(last, outcomes, attempts);
    return { ...out, stopReason: reason, tree: { ...out.tree, stopReason: reason } };
  } finally {
    timer.dispose();
  }
}

/** The report of one method's run: what it found and what it cost. */
export function attemptOf(outcome: MethodOutcome, method: SolveAttempt['method'], ms: number, sampling?: { samples: number; temperature: number }): SolveAttempt {
  return {
    method, ...(sampling ?? {}), solved: outcome.verified, stopReason: outcome.stopReason,
    generatedTokens: outcome.generated, processedTokens: outcome.processed, ...(outcome.folds !== undefined ? { folds: outcome.folds } : {}),
    ...(outcome.secondLooks ? { secondLooks: outcome.secondLooks } : {}), ...(outcome.lastLooks ? { lastLooks: outcome.lastLooks } : {}), ms,
  };
}

function finish(chosen: MethodOutcome, outcomes: readonly MethodOutcome[], attempts: SolveAttempt[]): AdaptiveOutcome {
  let usage = emptyUsage();
  for (const o of outcomes) usage = addUsage(usage, o.usage);
  const generated = outcomes.reduce((s, o) => s + o.generated, 0);
  const processed = outcomes.reduce((s, o) => s + o.processed, 0);
  const tree = { ...chosen.tree, usage, stopReason: chosen.stopReason };
  return { ...chosen, tree, usage, generated, processed, attempts };
}
