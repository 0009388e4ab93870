import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import { usageSchema } from '../core/parse-tree.js';

/**
 * The run folder's two formats (documented in docs/eval.md; the viewer reads them):
 * `config.json` says everything needed to re-run the evaluation, `records.jsonl` holds one
 * record per problem. Bump RUN_SCHEMA_VERSION on any incompatible change.
 */
export const RUN_SCHEMA = 'metacot/eval-run';
export const RUN_SCHEMA_VERSION = 1;

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

const level = z.union([z.string(), z.number()]).nullable();

export const candidateSchema = z.object({
  /** The tree node this candidate ends at (null for samples scored from a file). */
  nodeId: z.number().int().nonnegative().nullable(),
  /** The candidate's full text (the steps from the root, one per line). */
  text: z.string(),
  /** The extracted final answer, or null when none was found. */
  answer: z.string().nullable(),
  correct: z.boolean(),
  /** Answer cluster under the grader's equivalence (-1: no answer); equal ids vote together. */
  cluster: z.number().int(),
  /** Verifier score in [0,1] as the search saw it, or null. */
  score: z.number().nullable(),
  /** Generated tokens along this candidate's path. */
  tokens: z.number().nonnegative(),
  /** Steps along this candidate's path. */
  steps: z.number().int().nonnegative(),
});

export const recordSchema = z.object({
  id: z.string(),
  /** Position in the dataset's order (before filtering, sampling and sharding). */
  index: z.number().int().nonnegative(),
  level,
  subject: z.string().nullable(),
  prompt: z.string(),
  input: json,
  gold: z.string().nullable(),
  /** The method's final answer and whether the task judged it correct. */
  answer: z.string().nullable(),
  correct: z.boolean(),
  stopReason: z.string(),
  usage: usageSchema,
  /** Steps the search created (tree nodes other than the root). */
  steps: z.number().int().nonnegative(),
  candidates: z.array(candidateSchema),
  /** The search tree's file, relative to the run folder. */
  tree: z.string().nullable(),
  seed: z.string(),
});

export const runConfigSchema = z.object({
  schema: z.literal(RUN_SCHEMA),
  version: z.literal(RUN_SCHEMA_VERSION),
  package: z.object({ name: z.string(), version: z.string() }),
  task: z.object({
    name: z.string(),
    split: z.string().nullable(),
    /** Where the problems came from (a file path relative to the package, or a generator). */
    source: z.string(),
    /** sha256 of the dataset as loaded (all problems, before any selection). */
    datasetHash: z.string(),
    size: z.number().int().nonnegative(),
  }),
  selection: z.object({
    levels: z.array(z.string()).nullable(),
    subjects: z.array(z.string()).nullable(),
    ids: z.array(z.string()).nullable(),
    limit: z.number().int().positive().nullable(),
    /** Seed of the random subsample (null: the first `limit` in dataset order). */
    sampleSeed: z.string().nullable(),
    /** Problems selected before sharding, and the sha256 of their ids in order. */
    count: z.number().int().nonnegative(),
    hash: z.string(),
  }),
  method: z.object({
    model: z.string(),
    search: z.string(),
    options: z.record(z.string(), json),
    verifier: z.string().nullable(),
    budget: z.record(z.string(), z.number()),
  }),
  seed: z.string(),
  shard: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }).nullable(),
  /** Informational, not part of the run's identity: when and how it was started. */
  createdAt: z.string(),
  command: z.array(z.string()),
  node: z.string(),
  pricing: z.object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() }).nullable(),
  /**
   * Informational: what served the model — each replica's URL, server kind, how partial
   * answers were continued, the chat template's origin, slots (absent in older runs).
   */
  serving: z.record(z.string(), json).nullable().optional(),
});

export type Candidate = z.infer<typeof candidateSchema>;
export type RunRecord = z.infer<typeof recordSchema>;
export type RunConfig = z.infer<typeof runConfigSchema>;

/** Config fields that do not change what a run computes (so a resume may differ in them). */
export const INFORMATIONAL_CONFIG_FIELDS = ['createdAt', 'command', 'node', 'pricing', 'serving'] as const;

export function parseRecord(value: unknown, source: string): RunRecord {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${source}: invalid record: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

export function parseRunConfig(value: unknown, source: string): RunConfig {
  if (value && typeof value === 'object' && (value as { version?: unknown }).version !== RUN_SCHEMA_VERSION && (value as { schema?: unknown }).schema === RUN_SCHEMA) {
    throw new InputError(`${source}: run schema version ${String((value as { version: unknown }).version)} is not supported (expected ${RUN_SCHEMA_VERSION})`);
  }
  const parsed = runConfigSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${source}: invalid run config: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.join('.') || '(root)';
  return `${where}: ${issue.message}`;
}

/** The first field (dotted path) in which two configs differ, ignoring informational fields; null when equal. */
export function configDifference(a: RunConfig, b: RunConfig, ignore: readonly string[] = INFORMATIONAL_CONFIG_FIELDS): string | null {
  const skip = new Set(ignore);
  const walk = (x: unknown, y: unknown, path: string): string | null => {
    if (x === y) return null;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) {
      return path || '(root)';
    }
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const key of [...keys].sort()) {
      const sub = path ? `${path}.${key}` : key;
      if (!path && skip.has(key)) continue;
      const diff = walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], sub);
      if (diff) return diff;
    }
    return null;
  };
  return walk(a, b, '');
}
