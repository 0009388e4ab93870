import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { DEFAULT_REASONER, loadEmbeddedReasoner, fittingModel, misfit, modelFit, shippedModelPath, shippedReasoners, type EmbeddedModel } from '../embedded/index.js';
import type { ArithPuzzle } from './puzzle-from-text.js';
import { openRequestCache, type RequestCache } from '../models/request-cache.js';
import { createDefaultReasoner } from './default-reasoner.js';
import { SERVER_TEXT_VERIFIERS } from './model-reasoner.js';
import type { Reasoner } from './reasoner.js';
import { upstreamModels } from './upstream-models.js';
import type { UpstreamConfig } from './upstream.js';

/**
 * Everything needed to build the server's Reasoner, as plain data: the main thread and
 * each search worker build the same one from it (the main thread to check a request
 * before answering, the workers to run it).
 */
export interface ReasonerConfig {
  /** Who solves puzzles offline: `auto` (the shipped embedded model when present, else symbolic), `embedded`, `symbolic`. */
  offlinePolicy: 'auto' | 'embedded' | 'symbolic';
  /** A shipped embedded model name or a `.mct` path (default: the shipped Game of 24 reasoner). */
  embeddedModel?: string;
  upstream: UpstreamConfig | null;
  defaultVerifier: string;
  /** Upstream calls in flight at once, per model name, from this thread's searches. */
  upstreamConcurrency: number;
  /** Request cache (SQLite) in front of the upstream model. */
  cachePath?: string;
  /** Retries of a failed upstream call (default 2). */
  upstreamRetries?: number;
}

export interface BuiltReasoner {
  reasoner: Reasoner;
  /** Who solves offline puzzles, in words (for the start-up banner). */
  offline: string;
  close(): void;
}

/** Builds the Reasoner a config describes (loading the embedded model, opening the cache). */
export function reasonerFromConfig(config: ReasonerConfig): BuiltReasoner {
  const offline = offlineModels(config);
  const cache: RequestCache | undefined = config.cachePath ? openRequestCache(config.cachePath) : undefined;
  const reasoner = createDefaultReasoner(
    config.upstream
      ? {
          chooseEmbedded: offline.choose,
          models: {
            model: upstreamModels(config.upstream, { maxConcurrency: config.upstreamConcurrency, maxRetries: config.upstreamRetries ?? 2, ...(cache ? { cache } : {}) }),
            verifiers: SERVER_TEXT_VERIFIERS,
            defaultVerifier: config.defaultVerifier,
          },
        }
      : { chooseEmbedded: offline.choose },
  );
  return { reasoner, offline: offline.describe, close: () => cache?.close() };
}

/**
 * Which embedded model solves an offline puzzle: `auto`, the shipped model that fits its
 * task, target and numbers; `embedded`, the named model (default: the shipped Game of 24
 * reasoner) where it fits. Any other puzzle goes to the symbolic policy, which solves all.
 */
function offlineModels(config: ReasonerConfig): { choose: (puzzle: ArithPuzzle) => EmbeddedModel | null; describe: string } {
  const mode = config.offlinePolicy;
  const symbolic = { choose: () => null, describe: 'the symbolic policy (every legal step) with a heuristic value' };
  if (mode === 'symbolic') return symbolic;
  const taskOf = (puzzle: ArithPuzzle): 'game24' | 'countdown' => (puzzle.rules === 'integer' ? 'countdown' : 'game24');
  if (mode === 'auto' && config.embeddedModel === undefined) {
    const shipped = shippedReasoners();
    if (shipped.length === 0) return symbolic;
    return {
      choose: (puzzle) => {
        const fitting = fittingModel(shipped, taskOf(puzzle), puzzle.target, puzzle.numbers);
        return fitting ? loadEmbeddedReasoner(fitting.name) : null;
      },
      describe: `the shipped embedded models where they fit (${shipped.map((m) => `embedded:${m.name}`).join(', ')}), else the symbolic policy`,
    };
  }
  const name = config.embeddedModel ?? DEFAULT_REASONER;
  if (mode === 'auto' && !name.endsWith('.mct') && !existsSync(shippedModelPath(name))) return symbolic;
  let model: EmbeddedModel;
  try {
    model = loadEmbeddedReasoner(name);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`--embedded-model: ${error.message}`);
    throw error;
  }
  const fit = modelFit(model.checkpoint.meta);
  return {
    choose: (puzzle) => (misfit(fit, taskOf(puzzle), puzzle.target, puzzle.numbers) === null ? model : null),
    describe: `the embedded model ${model.id} where it fits, else the symbolic policy`,
  };
}
