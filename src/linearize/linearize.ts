import { InputError } from '../core/errors.js';
import type { TraceTree } from '../core/tree-schema.js';
import { isArithTree } from './arith-lines.js';
import { linearizeMetaCot, parseMetaCot, type MetaCotOptions, type MetaCotPhrases } from './meta-cot.js';
import { linearizeOptimalPath, parseOptimalPath } from './optimal-path.js';
import { linearizeSos, parseSos } from './sos.js';
import { LINEARIZE_FORMATS, type LinearizeFormat, type Linearized, type ParsedTrace } from './types.js';

export type LinearizeOptions = MetaCotOptions;

/** Checks a format name from outside (CLI flag, request field); InputError listing the valid ones. */
export function parseLinearizeFormat(name: string, flag = 'format'): LinearizeFormat {
  if ((LINEARIZE_FORMATS as readonly string[]).includes(name)) return name as LinearizeFormat;
  throw new InputError(`unknown ${flag} '${name}'; valid: ${LINEARIZE_FORMATS.join(', ')}`);
}

/**
 * Turns a search tree into one text in `format`, with per-segment metadata (which node,
 * what kind of line, on the winning path or not). `sos` needs an arithmetic tree.
 */
export function linearize(tree: TraceTree, format: LinearizeFormat, options: LinearizeOptions = {}): Linearized {
  switch (format) {
    case 'meta-cot':
      return linearizeMetaCot(tree, options);
    case 'sos':
      return linearizeSos(tree);
    case 'optimal-path':
      return linearizeOptimalPath(tree, {
        ...(options.phrases?.answer ? { answerPrefix: options.phrases.answer } : {}),
        ...(options.phrases?.noSolution ? { noSolution: options.phrases.noSolution } : {}),
      });
    default:
      throw new InputError(`unknown format '${String(format)}'; valid: ${LINEARIZE_FORMATS.join(', ')}`);
  }
}

/** Reads a text in `format` back into its steps, winning path and answer (the inverse of `linearize`). */
export function parseTrace(text: string, format: LinearizeFormat, options: { phrases?: Partial<MetaCotPhrases>; arith?: boolean } = {}): ParsedTrace {
  switch (format) {
    case 'meta-cot':
      return parseMetaCot(text, options);
    case 'sos':
      return parseSos(text);
    case 'optimal-path':
      return parseOptimalPath(text, {
        ...(options.phrases?.answer ? { answerPrefix: options.phrases.answer } : {}),
        ...(options.arith !== undefined ? { arith: options.arith } : {}),
      });
    default:
      throw new InputError(`unknown format '${String(format)}'; valid: ${LINEARIZE_FORMATS.join(', ')}`);
  }
}

/** The formats a tree can be written in (sos only for arithmetic trees). */
export function formatsFor(tree: TraceTree): LinearizeFormat[] {
  return isArithTree(tree) ? [...LINEARIZE_FORMATS] : LINEARIZE_FORMATS.filter((f) => f !== 'sos');
}
