import { InputError } from '../core/errors.js';
import { FOLDED_CONTEXTS, loadEmbeddedReasoner, modelFit } from '../embedded/reasoner/index.js';
import { resolveOptions } from '../search/option-rules.js';
import { parseOptionStrings, parseSearchSpec } from '../search/parse-search-spec.js';
import type { ArithProblem } from '../tasks/arith/arith-problem.js';
import { checkFit } from './choose-model.js';
import type { NumberPuzzle } from './embedded-methods.js';
import { runEmbeddedSearch } from './run-embedded.js';
import { resultOf, type SolveOptions, type SolveResult, type TraceFormatName } from './solve.js';

/** Most in-context searches one solve may decode (the server caps its sizes by the request's budget). */
export const MAX_IN_CONTEXT_SAMPLES = 256;

const IN_CONTEXT_RULES = {
  samples: { type: 'integer', min: 1, max: MAX_IN_CONTEXT_SAMPLES, description: 'in-context searches decoded together (greedy when 1, else T=1)' },
  fold: { type: 'boolean', description: `fold the context when it fills and search on, up to ${FOLDED_CONTEXTS} contexts of tokens, looking again before giving up` },
} as const;

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
  const spec = options.search ?? 'adaptive';
  const parsed = spec === 'in-context' ? null : parseSearchSpec(spec, options.searchOpt ?? []);
  const algorithmName = parsed?.algorithm.name;
  if (algorithmName === 'revision') throw new InputError('--search revision revises a language model\'s answers; the embedded model takes adaptive, in-context, bon-N, maj-N or a tree search');
  const sampling = parsed === null || algorithmName === 'best-of-n' || algorithmName === 'majority';
  if (!sampling && !fit.writesValues) {
    throw new InputError(`--search ${spec} with embedded:${name} needs a model that writes values (a meta-cot model); use --search in-context`);
  }
  const inContext = parsed === null ? resolveOptions('in-context', { samples: 1, fold: true }, IN_CONTEXT_RULES, parseOptionStrings(options.searchOpt ?? [])) : undefined;
  const samples = inContext?.samples;
  if (parsed && (algorithmName === 'best-of-n' || algorithmName === 'majority') && Number(parsed.options.n) > MAX_IN_CONTEXT_SAMPLES) {
    throw new InputError(`--search: at most ${MAX_IN_CONTEXT_SAMPLES} in-context searches per solve, got ${parsed.options.n}`);
  }
  const run = await runEmbeddedSearch(model, fit, puzzle, {
    algorithm: parsed?.algorithm ?? null, options: parsed?.options ?? {}, ...(samples !== undefined ? { samples } : {}),
    ...(inContext ? { fold: inContext.fold } : {}),
    seed, budget: options.budget ?? {}, ...(options.signal ? { signal: options.signal } : {}),
  });
  const own = run.outcome.ownText;
  return resultOf(problem.prompt, run.outcome, {
    model: model.id, format, target: problem.target, search: run.search, searchOptions: run.searchOptions,
    complete: run.complete, attempts: run.attempts, notes: run.notes, ...(own !== undefined ? { ownText: own } : {}),
  });
}
