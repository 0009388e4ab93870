import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { TraceTree } from '../../core/tree-schema.js';
import { estimateTokens } from '../../core/usage.js';
import type { TrainingObjective } from '../../linearize/training-spans.js';
import type { SearchRecord } from '../generate/search-record.js';
import { traceExamples } from '../generate/write-traces.js';
import type { TraceExampleOptions } from '../generate/trace-example.js';
import { filterExamples, textHash, type ExportFilters, type FilterCounts } from './filters.js';
import { candidatePairs, stepPairs, tracePairs, type PairKind } from './preference.js';
import {
  conversationalPreferenceSchema,
  openAiSftSchema,
  shareGptSchema,
  standardPreferenceSchema,
  stepwiseSupervisionSchema,
  trlSftSchema,
} from './schemas.js';
import { sftRecord, type SftFlavor } from './sft.js';
import { stepLabels, type LabelSource } from './step-labels.js';

/** One run folder's searches, as the CLI reads them (`readRun`). */
export interface ExportSource {
  dir: string;
  records: readonly SearchRecord[];
  trees: ReadonlyMap<string, TraceTree>;
  /** What the card says about the run (task, model, search, seed, dataset hash...). */
  about: Record<string, unknown>;
}

export type ExportKind = 'sft' | 'dpo' | 'prm';
export const EXPORT_KINDS: readonly ExportKind[] = ['sft', 'dpo', 'prm'];

export interface ExportOptions {
  kind: ExportKind;
  out: string;
  linearize?: TraceExampleOptions;
  filters?: ExportFilters;
  sft?: { objective?: TrainingObjective; flavor?: SftFlavor; system?: string };
  dpo?: { pairs?: PairKind; conversational?: boolean; perProblem?: number };
  /** `perProblem`: solution paths per problem at most (right ones first, then wrong ones, alternating). */
  prm?: { source?: LabelSource; threshold?: number; perProblem?: number };
  /**
   * Rewrites each tree before its step labels are made (e.g. `withRolloutValues`, the
   * Monte-Carlo values of the paper); PRM exports only.
   */
  prepareTree?: (tree: TraceTree, record: SearchRecord) => Promise<TraceTree>;
  /** The command line, for the card. */
  command?: readonly string[];
  now?: () => Date;
}

export interface ExportResult {
  file: string;
  card: string;
  lines: number;
  counts: FilterCounts & { outputDuplicates: number };
  sha256: string;
}

export const DATA_FILE = 'train.jsonl';
export const CARD_FILE = 'card.json';

/** The zod schema every line of an export must satisfy. */
export function exportSchema(options: Pick<ExportOptions, 'kind' | 'sft' | 'dpo'>): z.ZodType {
  if (options.kind === 'sft') {
    const flavor = options.sft?.flavor ?? 'trl';
    return flavor === 'openai' ? openAiSftSchema : flavor === 'sharegpt' ? shareGptSchema : trlSftSchema;
  }
  if (options.kind === 'dpo') return options.dpo?.conversational && options.dpo.pairs !== 'step' ? conversationalPreferenceSchema : standardPreferenceSchema;
  return stepwiseSupervisionSchema;
}

/**
 * Writes one training set from run folders: `train.jsonl` (each line checked against the
 * format's schema), `card.json` and `README.md` (sources, filters, counts, hashes).
 * Problem-level filters (verified only for SFT, length, de-duplication, decontamination)
 * run on the linearized searches; preference pairs and step labels are then built from
 * the trees of the problems that passed, and identical output lines are written once.
 */
export async function exportDataset(sources: readonly ExportSource[], options: ExportOptions): Promise<ExportResult> {
  const filters: ExportFilters = { ...options.filters };
  if (options.kind === 'sft' && filters.verifiedOnly === undefined) filters.verifiedOnly = true;
  // Trace-level verified-only would leave DPO no rejected side and PRM no negative labels.
  const problemFilters = options.kind === 'sft' ? filters : { ...filters, verifiedOnly: false, minTokens: undefined, maxTokens: undefined };
  const examples = sources.flatMap((s) => traceExamples(s.records, s.trees, options.linearize ?? {}).map((e) => ({ e, source: s })));
  const { kept, counts } = filterExamples(examples.map((x) => x.e), problemFilters);
  const keptSet = new Set(kept);
  const passed = examples.filter((x) => keptSet.has(x.e));
  const byId = new Map(sources.map((s) => [s, new Map(s.records.map((r) => [r.id, r]))]));
  const recordOf = (source: ExportSource, id: string) => byId.get(source)!.get(id)!;

  let lines: unknown[];
  if (options.kind === 'sft') {
    lines = passed.map(({ e }) => sftRecord(e, options.sft ?? {}));
  } else if (options.kind === 'dpo') {
    const pairs = options.dpo?.pairs ?? 'trace';
    const o = { ...(options.dpo?.conversational ? { conversational: true } : {}), ...(options.dpo?.perProblem ? { perProblem: options.dpo.perProblem } : {}) };
    if (pairs === 'trace') lines = tracePairs(passed.map((x) => x.e), o);
    else {
      lines = passed.flatMap(({ e, source }) => {
        const record = recordOf(source, e.id);
        const tree = source.trees.get(e.id)!;
        return pairs === 'step' ? stepPairs(tree, record, o) : candidatePairs(tree, record, o);
      });
    }
  } else {
    lines = [];
    for (const { e, source } of passed) {
      const record = recordOf(source, e.id);
      const tree = source.trees.get(e.id)!;
      const prepared = options.prepareTree ? await options.prepareTree(tree, record) : tree;
      const rows = stepLabels(prepared, record, {
        ...(options.prm?.source ? { source: options.prm.source } : {}),
        ...(options.prm?.threshold !== undefined ? { threshold: options.prm.threshold } : {}),
      });
      lines.push(...capPaths(rows, options.prm?.perProblem));
    }
  }
  if (options.kind !== 'sft') lines = lines.filter((l) => withinLength(l, filters));

  const schema = exportSchema(options);
  const seen = new Set<string>();
  let outputDuplicates = 0;
  const text: string[] = [];
  for (const line of lines) {
    const checked = schema.safeParse(line);
    if (!checked.success) throw new Error(`export line does not match the ${options.kind} schema: ${checked.error.issues[0]!.path.join('.')}: ${checked.error.issues[0]!.message}`);
    const json = JSON.stringify(line);
    const key = textHash(JSON.stringify(stripMetadata(line)));
    if (seen.has(key)) {
      outputDuplicates++;
      continue;
    }
    seen.add(key);
    text.push(`${json}\n`);
  }
  await mkdir(options.out, { recursive: true });
  const body = text.join('');
  const file = join(options.out, DATA_FILE);
  await writeFile(file, body);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const card = {
    schema: 'metacot/dataset-card',
    version: 1,
    kind: options.kind,
    format: describeFormat(options),
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    command: options.command ?? null,
    sources: sources.map((s) => ({ dir: s.dir, problems: s.records.length, trees: s.trees.size, ...s.about })),
    linearize: { format: options.linearize?.format ?? 'meta-cot', phrases: options.linearize?.phrases ?? null, valueDenominator: options.linearize?.valueDenominator ?? null },
    options: { sft: options.sft ?? null, dpo: options.dpo ?? null, prm: options.prm ?? null },
    filters: {
      verifiedOnly: problemFilters.verifiedOnly ?? false,
      minTokens: filters.minTokens ?? null,
      maxTokens: filters.maxTokens ?? null,
      dedupe: filters.dedupe ?? false,
      decontaminate: filters.decontaminate ? { source: filters.decontaminate.source, ngram: filters.decontaminate.index.n } : null,
    },
    counts: { ...counts, lines: text.length, outputDuplicates },
    files: { [DATA_FILE]: { sha256: `sha256:${sha256}`, bytes: Buffer.byteLength(body), lines: text.length } },
  };
  const cardFile = join(options.out, CARD_FILE);
  await writeFile(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  await writeFile(join(options.out, 'README.md'), cardMarkdown(card));
  return { file, card: cardFile, lines: text.length, counts: { ...counts, outputDuplicates }, sha256 };
}

/**
 * At most `limit` labelled paths of one problem, alternating between paths that end right
 * and paths that end wrong (so a cap keeps both kinds), each kind in tree order.
 */
function capPaths<T extends { labels: boolean[] }>(rows: T[], limit: number | undefined): T[] {
  if (limit === undefined || rows.length <= limit) return rows;
  const right = rows.filter((r) => r.labels[r.labels.length - 1]), wrong = rows.filter((r) => !r.labels[r.labels.length - 1]);
  const out: T[] = [];
  for (let i = 0; out.length < limit && (i < right.length || i < wrong.length); i++) {
    if (i < right.length) out.push(right[i]!);
    if (i < wrong.length && out.length < limit) out.push(wrong[i]!);
  }
  return out;
}

function stripMetadata(line: unknown): unknown {
  if (!line || typeof line !== 'object') return line;
  const { metadata: _drop, ...rest } = line as Record<string, unknown>;
  return rest;
}

function withinLength(line: unknown, filters: ExportFilters): boolean {
  if (filters.minTokens === undefined && filters.maxTokens === undefined) return true;
  const tokens = estimateTokens(JSON.stringify(stripMetadata(line)));
  return (filters.minTokens === undefined || tokens >= filters.minTokens) && (filters.maxTokens === undefined || tokens <= filters.maxTokens);
}

function describeFormat(options: ExportOptions): string {
  if (options.kind === 'sft') {
    const flavor = options.sft?.flavor ?? 'trl';
    return flavor === 'sharegpt' ? 'ShareGPT conversations (LLaMA-Factory, FastChat)' : flavor === 'openai' ? 'OpenAI chat fine-tuning messages (assistant weight 0/1)' : 'TRL conversational language modeling (messages), loss_spans per example';
  }
  if (options.kind === 'dpo') return `TRL preference (${options.dpo?.conversational && options.dpo.pairs !== 'step' ? 'conversational' : 'standard'}): prompt, chosen, rejected; pairs: ${options.dpo?.pairs ?? 'trace'}`;
  return `TRL stepwise supervision: prompt, completions, labels (source: ${options.prm?.source ?? 'outcomes'}, threshold ${options.prm?.threshold ?? 0.5})`;
}

function cardMarkdown(card: { kind: string; format: string; createdAt: string; sources: { dir: string }[]; counts: Record<string, number>; filters: Record<string, unknown>; files: Record<string, { sha256: string; lines: number }> }): string {
  const rows = Object.entries(card.counts).map(([k, v]) => `| ${k} | ${v} |`).join('\n');
  return `---
configs:
- config_name: default
  data_files:
  - split: train
    path: ${DATA_FILE}
---

# metacot ${card.kind} export

Format: ${card.format}. Made by metacot on ${card.createdAt} from ${card.sources.map((s) => `\`${s.dir}\``).join(', ')}.

| count | value |
|---|---|
${rows}

Filters: \`${JSON.stringify(card.filters)}\`

${Object.entries(card.files).map(([f, v]) => `- \`${f}\`: ${v.lines} lines, ${v.sha256}`).join('\n')}

Everything else (sources, options, the command) is in \`${CARD_FILE}\`.
`;
}
