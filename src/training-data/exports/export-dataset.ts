import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { TraceTree } from '../../core/tree-schema.js';
import { estimateTokens } from '../../core/usage.js';
import type { TrainingObjective } from '../../linearize/training-spans.js';
import type { SearchRecord } from '../generate/search-record.js';
import { traceExample } from '../generate/trace-example.js';
import type { TraceExampleOptions } from '../generate/trace-example.js';
import { ExampleFilter, textHash, type ExportFilters, type FilterCounts } from './filters.js';
import { LineWriter } from './line-writer.js';
import { candidatePairs, stepPairs, tracePairs, type PairKind } from './preference.js';
import {
  conversationalPreferenceSchema,
  openAiSftSchema,
  shareGptSchema,
  standardPreferenceSchema,
  stepwiseSupervisionSchema,
  trlSftSchema,
} from './schemas.js';
import { ScratchStore } from './scratch-store.js';
import { sftRecord, type SftFlavor } from './sft.js';
import { stepLabels, type LabelSource } from './step-labels.js';
import { TracePairStore } from './trace-pair-store.js';

/** One searched problem: its record and its tree (null when none was saved). */
export interface SearchedProblem {
  record: SearchRecord;
  tree: TraceTree | null;
}

/** One run folder's searches held in memory (a served store, small runs, tests). */
export interface ExportSource {
  dir: string;
  records: readonly SearchRecord[];
  trees: ReadonlyMap<string, TraceTree>;
  /** What the card says about the run (task, model, search, seed, dataset hash...). */
  about: Record<string, unknown>;
}

/** Searches read one at a time (run folders of any size: the CLI reads them with `indexRun`). */
export interface StreamingExportSource {
  dir: string;
  /** The problems in order, each with its tree; called once per export. */
  searches(): AsyncIterable<SearchedProblem>;
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
 * Goes problem by problem: one tree and its lines are in memory at a time, and what must
 * outlive a problem (hashes for de-duplication, the traces of whole-trace pairs) is kept
 * in a scratch database on disk, so memory does not grow with the runs' size.
 */
export async function exportDataset(sources: readonly (ExportSource | StreamingExportSource)[], options: ExportOptions): Promise<ExportResult> {
  const filters: ExportFilters = { ...options.filters };
  if (options.kind === 'sft' && filters.verifiedOnly === undefined) filters.verifiedOnly = true;
  // Trace-level verified-only would leave DPO no rejected side and PRM no negative labels.
  const problemFilters = options.kind === 'sft' ? filters : { ...filters, verifiedOnly: false, minTokens: undefined, maxTokens: undefined };
  const scratch = new ScratchStore();
  try {
    await mkdir(options.out, { recursive: true });
    const writer = await LineWriter.open(join(options.out, DATA_FILE));
    const schema = exportSchema(options);
    const seenLines = scratch.digestSet();
    let outputDuplicates = 0;
    const emit = async (line: unknown) => {
      if (options.kind !== 'sft' && !withinLength(line, filters)) return;
      const checked = schema.safeParse(line);
      if (!checked.success) throw new Error(`export line does not match the ${options.kind} schema: ${checked.error.issues[0]!.path.join('.')}: ${checked.error.issues[0]!.message}`);
      if (!seenLines.add(textHash(JSON.stringify(stripMetadata(line))))) {
        outputDuplicates++;
        return;
      }
      await writer.write(`${JSON.stringify(line)}\n`);
    };
    const filter = new ExampleFilter(problemFilters, scratch.digestSet());
    const pairs = options.dpo?.pairs ?? 'trace';
    const pairOptions = { ...(options.dpo?.conversational ? { conversational: true } : {}), ...(options.dpo?.perProblem ? { perProblem: options.dpo.perProblem } : {}) };
    const traceStore = options.kind === 'dpo' && pairs === 'trace' ? new TracePairStore(scratch, options.dpo?.perProblem ?? 4) : null;
    const sourceCounts: { problems: number; trees: number }[] = [];
    try {
      for (const source of sources) {
        const counted = { problems: 0, trees: 0 };
        for await (const { record, tree } of searchesOf(source)) {
          counted.problems++;
          if (!tree) continue;
          counted.trees++;
          const e = traceExample(tree, record, options.linearize ?? {});
          if (!filter.keep(e)) continue;
          if (options.kind === 'sft') await emit(sftRecord(e, options.sft ?? {}));
          else if (options.kind === 'dpo') {
            if (traceStore) traceStore.add(e);
            else for (const line of pairs === 'step' ? stepPairs(tree, record, pairOptions) : candidatePairs(tree, record, pairOptions)) await emit(line);
          } else {
            const prepared = options.prepareTree ? await options.prepareTree(tree, record) : tree;
            const rows = stepLabels(prepared, record, {
              ...(options.prm?.source ? { source: options.prm.source } : {}),
              ...(options.prm?.threshold !== undefined ? { threshold: options.prm.threshold } : {}),
            });
            for (const line of capPaths(rows, options.prm?.perProblem)) await emit(line);
          }
        }
        sourceCounts.push('records' in source ? { problems: source.records.length, trees: source.trees.size } : counted);
      }
      if (traceStore) for (const group of traceStore.groups()) for (const line of tracePairs(group, pairOptions)) await emit(line);
    } catch (error) {
      await writer.abandon();
      throw error;
    }
    const { file, sha256, bytes, lines } = await writer.finish();
    const counts = filter.counts;
    const card = {
      schema: 'metacot/dataset-card',
      version: 1,
      kind: options.kind,
      format: describeFormat(options),
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
      command: options.command ?? null,
      sources: sources.map((s, i) => ({ dir: s.dir, problems: sourceCounts[i]!.problems, trees: sourceCounts[i]!.trees, ...s.about })),
      linearize: { format: options.linearize?.format ?? 'meta-cot', phrases: options.linearize?.phrases ?? null, valueDenominator: options.linearize?.valueDenominator ?? null },
      options: { sft: options.sft ?? null, dpo: options.dpo ?? null, prm: options.prm ?? null },
      filters: {
        verifiedOnly: problemFilters.verifiedOnly ?? false,
        minTokens: filters.minTokens ?? null,
        maxTokens: filters.maxTokens ?? null,
        dedupe: filters.dedupe ?? false,
        decontaminate: filters.decontaminate ? { source: filters.decontaminate.source, ngram: filters.decontaminate.index.n } : null,
      },
      counts: { ...counts, lines, outputDuplicates },
      files: { [DATA_FILE]: { sha256: `sha256:${sha256}`, bytes, lines } },
    };
    const cardFile = join(options.out, CARD_FILE);
    await writeFile(cardFile, `${JSON.stringify(card, null, 2)}\n`);
    await writeFile(join(options.out, 'README.md'), cardMarkdown(card));
    return { file, card: cardFile, lines, counts: { ...counts, outputDuplicates }, sha256 };
  } finally {
    scratch.close();
  }
}

/** A source's problems one at a time, whichever way it holds them. */
async function* searchesOf(source: ExportSource | StreamingExportSource): AsyncIterable<SearchedProblem> {
  if (!('records' in source)) {
    yield* source.searches();
    return;
  }
  for (const record of source.records) yield { record, tree: source.trees.get(record.id) ?? null };
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
