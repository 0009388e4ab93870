import type { EmbeddedModel } from '../embedded/index.js';
import { prepareArithSearch } from './arith-reasoner.js';
import type { ArithPuzzle } from './puzzle-from-text.js';
import { prepareModelSearch, type ModelReasonerOptions } from './model-reasoner.js';
import { ServerRequestError } from '../http/openai-error.js';
import type { Reasoner } from './reasoner.js';

export interface DefaultReasonerOptions {
  /** The offline solver's embedded model for a puzzle, when one fits (see ArithReasonerOptions); absent: symbolic. */
  chooseEmbedded?: (puzzle: ArithPuzzle) => EmbeddedModel | null;
  /** Searches whose policy is an upstream model; absent when no upstream is configured. */
  models?: ModelReasonerOptions;
}

/**
 * Routes a search: to the upstream model when the request (or the server's `--model`)
 * names one, else to the offline puzzle solver.
 */
export function createDefaultReasoner(options: DefaultReasonerOptions = {}): Reasoner {
  return {
    prepare(request) {
      if (request.model === null) return prepareArithSearch(request, options.chooseEmbedded ? { chooseEmbedded: options.chooseEmbedded } : {});
      if (!options.models) {
        throw new ServerRequestError(400, `no upstream is configured, so model '${request.model}' cannot be searched with; drop the model name (e.g. "bon-8") to use the offline solver, or start the server with --upstream URL`, 'invalid_request_error', 'model', 'no_upstream');
      }
      return prepareModelSearch({ ...request, model: request.model }, options.models);
    },
  };
}
