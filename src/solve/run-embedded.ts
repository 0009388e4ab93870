import type { Budget } from '../core/budget.js';
import { createContext } from '../core/context.js';
import type { EventSink } from '../core/events.js';
import type { Json } from '../core/json.js';
import type { EmbeddedModel } from '../embedded/model/index.js';
import type { ModelFit } from '../embedded/reasoner/index.js';
import { bestFirst } from '../search/best-first.js';
import type { AnySearchAlgorithm } from '../search/types.js';
import { createArithProblem } from '../tasks/arith/arith-problem.js';
import { attemptOf, solveAdaptive, type SolveAttempt } from './adaptive.js';
import { isCompleteSearch } from './complete-search.js';
import { deadlineSignal } from './deadline.js';
import { symbolicPolicyFor, symbolicValue } from './symbolic-setup.js';
import { runGuided, runInContext, stoppedOutcome, type MethodOutcome, type NumberPuzzle } from './embedded-methods.js';

export interface EmbeddedSearchRequest {
  /**
   * `adaptive`; `best-of-n`/`majority` (N in-context searches at T=1); any other tree
   * search, guided by the model over every legal step; null: `samples` in-context searches
   * (greedy when one).
   */
  algorithm: AnySearchAlgorithm | null;
  options: Record<string, Json>;
  /** In-context searches when `algorithm` is null (default 1). */
  samples?: number;
  /** Fold the context of in-context searches when it fills (default true; `adaptive` reads its own `fold` option). */
  fold?: boolean;
  seed: string | number;
  budget: Budget;
  signal?: AbortSignal;
  /** Where a guided tree search reports each node as it is made. */
  emit?: EventSink;
}

export interface EmbeddedRun {
  outcome: MethodOutcome;
  /** Each method run, in order. */
  attempts: SolveAttempt[];
  /** The search name and options to report. */
  search: string;
  searchOptions: Record<string, unknown>;
  /** The last method covered every legal step under the puzzle's own rules: `exhausted` proves there is no solution. */
  complete: boolean;
  notes: string[];
}

/**
 * One embedded-model search of a number puzzle, as `solve` and the offline server run it.
 *
 * A model trained on stricter rules than the puzzle's (Countdown's whole numbers, asked a
 * puzzle that allows fractions) plays by its own rules: every answer it finds holds under
 * the puzzle's too, but its exhausting every whole-number step proves nothing. So when a
 * complete search of it ends without an answer, the symbolic policy searches the puzzle
 * under its own rules to settle it.
 */
export async function runEmbeddedSearch(model: EmbeddedModel, fit: ModelFit, puzzle: NumberPuzzle, request: EmbeddedSearchRequest): Promise<EmbeddedRun> {
  const stricter = fit.integer && !puzzle.integer;
  const played: NumberPuzzle = stricter ? { ...puzzle, integer: true } : puzzle;
  const notes = stricter ? [`${model.id} plays by Countdown's rules (whole numbers only); its answers hold under these rules too`] : [];
  const run = await dispatch(model, played, request);
  if (!stricter || run.outcome.verified || !(run.complete && run.outcome.stopReason === 'exhausted')) {
    return { ...run, complete: run.complete && !stricter, notes };
  }
  const t0 = Date.now();
  const spentMs = run.attempts.reduce((s, a) => s + a.ms, 0);
  const settled = await symbolicProof(puzzle, request, spentMs);
  notes.push('no whole-number path reaches the target, so the symbolic policy searched every step the puzzle allows (fractions too)');
  return {
    ...run, outcome: settled, notes, complete: true,
    attempts: [...run.attempts, attemptOf(settled, 'symbolic-best-first', Date.now() - t0)],
  };
}

async function dispatch(model: EmbeddedModel, puzzle: NumberPuzzle, request: EmbeddedSearchRequest): Promise<Omit<EmbeddedRun, 'notes'>> {
  const { algorithm, options, seed, budget, signal } = request;
  const name = algorithm?.name ?? null;
  if (name === 'adaptive') {
    const outcome = await solveAdaptive(model, puzzle, { seed, budget, resamples: Number(options.resamples ?? 2), fold: options.fold !== false, ...(signal ? { signal } : {}) });
    const last = outcome.attempts[outcome.attempts.length - 1];
    return {
      outcome, attempts: outcome.attempts, search: 'adaptive',
      searchOptions: { resamples: outcome.attempts.find((a) => a.temperature === 1)?.samples ?? 0 },
      complete: last?.method === 'guided-best-first',
    };
  }
  if (name === null || name === 'best-of-n' || name === 'majority') {
    // Sampling whole searches: the model's own in-context searches, the first verified wins
    // (every answer the task lets through is verified, so a vote has nothing to add).
    const samples = name === null ? request.samples ?? 1 : Number(options.n);
    const temperature = name !== null || samples > 1 ? 1 : 0;
    const search = name ?? 'in-context';
    const t0 = Date.now();
    const maxTokens = budget.maxTokens === undefined ? undefined : Math.max(1, Math.floor(budget.maxTokens / samples));
    const outcome = await withDeadline(budget.timeoutMs, signal, (s) => runInContext(model, puzzle, { samples, temperature, seed, fold: request.fold ?? true, ...(maxTokens !== undefined ? { maxTokens } : {}), ...(s ? { signal: s } : {}) }))
      ?? stoppedOutcome(model, puzzle, 'timeout', search, Date.now() - t0);
    return {
      outcome, search, searchOptions: { samples, temperature, fold: request.fold ?? true }, complete: false,
      attempts: [attemptOf(outcome, 'in-context', Date.now() - t0, { samples, temperature })],
    };
  }
  const t0 = Date.now();
  const outcome = await runGuided(model, puzzle, { algorithm: algorithm!, options, seed, budget, ...(signal ? { signal } : {}), ...(request.emit ? { emit: request.emit } : {}) });
  return {
    outcome, search: name, searchOptions: options,
    complete: isCompleteSearch(name, options, puzzle.numbers.length),
    attempts: [attemptOf(outcome, `guided-${name}`, Date.now() - t0)],
  };
}

/** Complete symbolic best-first under the puzzle's own rules, in what is left of the time budget. */
async function symbolicProof(puzzle: NumberPuzzle, request: EmbeddedSearchRequest, spentMs: number): Promise<MethodOutcome> {
  const rules = puzzle.integer ? 'integer' : 'rational';
  const problem = createArithProblem({ numbers: [...puzzle.numbers], target: puzzle.target, rules });
  const timeoutMs = request.budget.timeoutMs === undefined ? undefined : Math.max(0, request.budget.timeoutMs - spentMs);
  const ctx = createContext({
    seed: request.seed, budget: timeoutMs === undefined ? {} : { timeoutMs },
    ...(request.signal ? { signal: request.signal } : {}), ...(request.emit ? { emit: request.emit } : {}),
  });
  const result = await bestFirst.run(problem, symbolicPolicyFor(bestFirst.name, rules), symbolicValue('mult-heuristic', rules), bestFirst.resolveOptions({}), ctx);
  return { tree: result.tree, answer: result.answer, verified: result.verified, stopReason: result.stopReason, usage: result.usage, generated: 0, processed: 0 };
}

/** Runs `work` with a signal that fires at the time budget; null when the deadline cut it. */
async function withDeadline(timeoutMs: number | undefined, outer: AbortSignal | undefined, work: (signal?: AbortSignal) => Promise<MethodOutcome>): Promise<MethodOutcome | null> {
  const timer = deadlineSignal(timeoutMs, outer);
  try {
    return await work(timer.signal);
  } catch (error) {
    if (timer.expired() && !(outer?.aborted ?? false)) return null;
    throw error;
  } finally {
    timer.dispose();
  }
}
