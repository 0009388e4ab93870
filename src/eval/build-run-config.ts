import type { Budget } from '../core/budget.js';
import type { Json } from '../core/json.js';
import { VERSION } from '../core/version.js';
import type { EvalProblem, LoadedDataset } from './eval-task.js';
import { RUN_SCHEMA, RUN_SCHEMA_VERSION, type RunConfig } from './run-schema.js';
import { datasetHash, selectionHash, type Selection, type Shard } from './select-problems.js';

export interface RunConfigInput {
  task: string;
  dataset: LoadedDataset;
  /** The selected problems (before sharding). */
  selected: readonly EvalProblem[];
  selection: Selection;
  method: { model: string; search: string; options: Record<string, Json>; verifier: string | null; budget: Budget };
  seed: string;
  shard: Shard | null;
  command: readonly string[];
  pricing?: { inputPerMTok: number; outputPerMTok: number } | null;
  /** What served the model (LanguageModel.describeServing), or null. */
  serving?: Record<string, Json> | null;
  now?: () => Date;
}

/** The config.json of a new run: everything needed to re-run it, plus informational fields. */
export function buildRunConfig(input: RunConfigInput): RunConfig {
  const budget: Record<string, number> = {};
  for (const [key, value] of Object.entries(input.method.budget)) if (typeof value === 'number') budget[key] = value;
  return {
    schema: RUN_SCHEMA,
    version: RUN_SCHEMA_VERSION,
    package: { name: 'metacot', version: VERSION },
    task: {
      name: input.task,
      split: input.dataset.split,
      source: input.dataset.source,
      datasetHash: datasetHash(input.dataset.problems),
      size: input.dataset.problems.length,
    },
    selection: {
      levels: input.selection.levels ? [...input.selection.levels] : null,
      subjects: input.selection.subjects ? [...input.selection.subjects] : null,
      ids: input.selection.ids ? [...input.selection.ids] : null,
      limit: input.selection.limit ?? null,
      sampleSeed: input.selection.sampleSeed ?? null,
      count: input.selected.length,
      hash: selectionHash(input.selected),
    },
    method: { ...input.method, budget },
    seed: input.seed,
    shard: input.shard,
    createdAt: (input.now ?? (() => new Date()))().toISOString(),
    command: [...input.command],
    node: process.version,
    pricing: input.pricing ?? null,
    serving: input.serving ?? null,
  };
}
