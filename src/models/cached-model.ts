import { throwIfAborted } from '../core/errors.js';
import {
  LANGUAGE_MODEL_SPEC_VERSION,
  type GenerateChoice,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type ModelWarning,
} from './language-model.js';
import type { CachedSample, RequestCache } from './request-cache.js';
import { validateRequest } from './validate-request.js';

/**
 * Puts a RequestCache in front of a model. Missing samples are generated in runs of
 * consecutive indices (a run starting at index i asks with `seed + i`, as the OpenAI
 * provider splits `n`), stored, and read back, so that racing writers agree. A hit
 * reports the tokens its sample cost when it was made, so a replayed search charges its
 * budget exactly as the recorded one did; `cacheHits`/`cacheMisses` count choices.
 */
export function withCache(model: LanguageModel, cache: RequestCache): LanguageModel {
  return {
    specificationVersion: LANGUAGE_MODEL_SPEC_VERSION,
    id: model.id,
    ...(model.describeServing ? { describeServing: model.describeServing.bind(model) } : {}),
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
      throwIfAborted(signal);
      const n = validateRequest(request);
      const key = cache.key(model.id, request);
      let samples = cache.read(key, n);
      const warnings: ModelWarning[] = [];
      const missing = runsOfMissing(samples);
      const misses = missing.reduce((s, [, count]) => s + count, 0);
      if (missing.length > 0) {
        await Promise.all(
          missing.map(async ([first, count]) => {
            const sub: GenerateRequest = { ...request, n: count };
            if (request.seed !== undefined) sub.seed = request.seed + first;
            if (count === 1) delete sub.n;
            const result = await model.generate(sub, signal);
            warnings.push(...result.warnings);
            cache.write(key, model.id, first, toSamples(result));
          }),
        );
        samples = cache.read(key, n);
      }
      cache.stats.hits += n - misses;
      cache.stats.misses += misses;
      const choices: GenerateChoice[] = samples.map((s, i) => {
        if (!s) throw new Error(`request cache: sample ${i} of ${model.id} is missing after it was generated`);
        return s.choice;
      });
      return {
        choices,
        usage: {
          tokensIn: samples.reduce((t, s) => t + s!.tokensIn, 0),
          tokensOut: choices.reduce((t, c) => t + (c.tokens ?? 0), 0),
          ...(samples.some((s) => s!.estimated) ? { estimated: true } : {}),
          cacheHits: n - misses,
          cacheMisses: misses,
        },
        warnings,
      };
    },
  };
}

/** [first, count] for each run of consecutive missing indices. */
function runsOfMissing(samples: ReadonlyArray<CachedSample | undefined>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  samples.forEach((s, i) => {
    if (s) return;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else runs.push([i, 1]);
  });
  return runs;
}

/** The request's prompt tokens ride on its first sample, so n samples read back cost what the call cost. */
function toSamples(result: GenerateResult): CachedSample[] {
  const estimated = result.usage.estimated === true;
  return result.choices.map((choice, i) => ({
    choice: { ...choice, tokens: choice.tokens ?? 0 },
    tokensIn: i === 0 ? result.usage.tokensIn : 0,
    estimated,
  }));
}
