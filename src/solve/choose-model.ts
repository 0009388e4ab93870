import { InputError } from '../core/errors.js';
import { fittingModel, misfit, modelFit, shippedReasoners } from '../embedded/reasoner/index.js';

export type PuzzleTask = 'game24' | 'countdown';

/** The policy a number puzzle is solved with, and why (a note for the output when it is a fallback). */
export type ModelChoice =
  | { kind: 'embedded'; name: string }
  | { kind: 'symbolic'; note: string | null };

/**
 * Which policy solves a puzzle when the user named none, or named `embedded`: the shipped
 * meta-cot model trained for this task, target and range of numbers; when none is, the
 * symbolic policy, with a note that says why. A model asked for by name that does not fit
 * is an input error (its in-context search would run on a puzzle it never saw).
 */
export function chooseModel(requested: string | undefined, task: PuzzleTask, target: number, numbers: readonly number[]): ModelChoice {
  if (requested === 'symbolic') return { kind: 'symbolic', note: null };
  if (requested !== undefined && requested !== 'embedded' && !requested.startsWith('embedded:')) {
    throw new Error(`chooseModel handles symbolic and embedded models, not '${requested}'`);
  }
  const shipped = shippedReasoners();
  if (requested === undefined || requested === 'embedded') {
    const fitting = fittingModel(shipped, task, target, numbers);
    if (fitting) return { kind: 'embedded', name: fitting.name };
    const why = shipped.map((m) => `embedded:${m.name}: ${misfit(m.fit, task, target, numbers)}`).join('; ');
    const note = shipped.length === 0
      ? 'no embedded model is installed; solved with the symbolic policy'
      : `no shipped embedded model fits this puzzle (${why}); solved with the symbolic policy`;
    if (requested === 'embedded') throw new InputError(`--model embedded: ${note.replace(/; solved with the symbolic policy$/, '')}; use --model symbolic`);
    return { kind: 'symbolic', note };
  }
  const name = requested.slice('embedded:'.length);
  if (name === '') throw new InputError(`--model embedded:NAME needs a name or a .mct path, got '${requested}'`);
  return { kind: 'embedded', name };
}

/** Checks a named model against the puzzle; throws an InputError naming it when it does not fit. */
export function checkFit(name: string, meta: Readonly<Record<string, unknown>>, task: PuzzleTask, target: number, numbers: readonly number[]): void {
  const why = misfit(modelFit(meta), task, target, numbers);
  if (why) throw new InputError(`--model embedded:${name} does not fit this puzzle: ${why}; use --model symbolic or a model trained for it`);
}
