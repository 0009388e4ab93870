import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import { loadEmbeddedReasoner } from '../embedded/reasoner/index.js';
import { modelFit } from '../embedded/reasoner/index.js';
import { parseSearchSpec } from '../search/parse-search-spec.js';
import type { ArithProblem } from '../tasks/arith/arith-problem.js';
import { attemptOf, solveAdaptive } from './adaptive.js';
import { checkFit } from './choose-model.js';
import { deadlineSignal } from './deadline.js';
import { runGuided, runInContext, stoppedOutcome, type MethodOutcome, type NumberPuzzle } from './embedded-methods.js';
import { isCompleteSearch, resultOf, type SolveOptions, type SolveResult, type TraceFormatName } from './solve.js';

/** Most in-context searches one request may decode. */
export const MAX_IN_CONTEXT_SAMPLES = 256;

/**
 * A number puzzle with an embedded model. `named`: the user asked for this model, so it
 * must fit the puzzle (an InputError says why not).
 */
export async function solveWithEmbedded(problem: ArithProblem, name: string, named: boolean, options: SolveOptions, format: TraceFormatName): Promise<SolveResult> {
  const model = loadEmbeddedReasoner(name);
  if (named) checkFit(name, model.checkpoint.meta, problem.task === 'countdown' ? 'countdown' : 'game24', problem.target, problem.numbers);
  const fit = modelFit(model.checkpoint.meta);
  const puzzle: NumberPuzzle = { numbers: problem.numbers, target: problem.target, integer: problem.rules === 'integer' };
  const seed = Number.isFinite(Number(options.seed ?? '0')) ? Number(options.seed ?? '0') : (options.seed ?? '0');
  const budget = options.budget ?? {};
  const signal = options.signal;
  const spec = options.search ?? 'adaptive';
  const common = { model: model.id, format, target: problem.target };
  const parsed = spec === 'in-context' ? null : parseSearchSpec(spec, options.searchOpt ?? []);
  if (parsed?.algorithm.name === 'adaptive') {
    if (!fit.writesValues) throw new InputError(`--search adaptive needs a model that writes values (a meta-cot model); embedded:${name} does not — use --search in-context`);
    const resamples = Number(parsed.options.resamples);
    const outcome = await solveAdaptive(model, puzzle, { seed, budget, resamples, ...(signal ? { signal } : {}) });
    const last = outcome.attempts[outcome.attempts.length - 1];
    return resultOf(problem.prompt, outcome, {
      ...common, search: 'adaptive', searchOptions: { resamples: outcome.attempts.find((a) => a.temperature === 1)?.samples ?? 0 },
      complete: last?.method === 'guided-best-first', attempts: outcome.attempts, ...(outcome.ownText !== undefined ? { ownText: outcome.ownText } : {}),
    });
  }
  if (parsed === null || parsed.algorithm.name === 'best-of-n' || parsed.algorithm.name === 'majority') {
    // Sampling whole searches: the model's own in-context searches, the first verified wins
    // (every answer the task lets through is verified, so a vote has nothing to add).
    const samples = parsed ? Number(parsed.options.n) : intOption(options.searchOpt ?? [], 'samples', 1, MAX_IN_CONTEXT_SAMPLES, 'in-context') ?? 1;
    if (samples > MAX_IN_CONTEXT_SAMPLES) throw new InputError(`--search: at most ${MAX_IN_CONTEXT_SAMPLES} in-context searches per solve, got ${samples}`);
    const temperature = parsed || samples > 1 ? 1 : 0;
    const t0 = Date.now();
    const maxTokens = budget.maxTokens === undefined ? undefined : Math.max(1, Math.floor(budget.maxTokens / samples));
    const outcome = await withDeadline(budget.timeoutMs, signal, (s) => runInContext(model, puzzle, { samples, temperature, seed, ...(maxTokens !== undefined ? { maxTokens } : {}), ...(s ? { signal: s } : {}) }))
      ?? stoppedOutcome(model, puzzle, 'timeout', parsed ? parsed.algorithm.name : 'in-context', Date.now() - t0);
    return resultOf(problem.prompt, outcome, {
      ...common, search: parsed ? parsed.algorithm.name : 'in-context', searchOptions: { samples, temperature },
      complete: false, attempts: [attemptOf(outcome, 'in-context', Date.now() - t0, { samples, temperature })], ...(outcome.ownText !== undefined ? { ownText: outcome.ownText } : {}),
    });
  }
  if (parsed.algorithm.name === 'revision') throw new InputError('--search revision revises a language model\'s answers; the embedded model takes adaptive, in-context, bon-N, maj-N or a tree search');
  if (!fit.writesValues) throw new InputError(`tree search with embedded:${name} needs a model that writes values (a meta-cot model); use --search in-context`);
  const t0 = Date.now();
  const outcome = await runGuided(model, puzzle, { algorithm: parsed.algorithm, options: parsed.options, seed, budget, ...(signal ? { signal } : {}) });
  return resultOf(problem.prompt, outcome, {
    ...common, search: parsed.algorithm.name, searchOptions: parsed.options,
    complete: isCompleteSearch(parsed.algorithm.name, parsed.options as Record<string, Json>, puzzle.numbers.length),
    attempts: [attemptOf(outcome, `guided-${parsed.algorithm.name}`, Date.now() - t0)],
  });
}

/** `key=N` among the search options (the only key the method takes), checked against its range. */
function intOption(optionStrings: readonly string[], key: string, min: number, max: number, method: string): number | undefined {
  let value: number | undefined;
  for (const raw of optionStrings) {
    const eq = raw.indexOf('=');
    const k = eq > 0 ? raw.slice(0, eq).trim() : raw;
    if (k !== key) throw new InputError(`--search ${method} takes only --search-opt ${key}=N, got '${raw}'`);
    const n = Number(raw.slice(eq + 1));
    if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`--search-opt ${key} must be an integer from ${min} to ${max}, got '${raw.slice(eq + 1)}'`);
    value = n;
  }
  return value;
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
