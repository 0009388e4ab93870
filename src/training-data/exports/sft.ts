import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../core/json.js';
import { segmentWeight, TOOL_TRACE_OBJECTIVES, type ToolTrace } from '../../linearize/tool-trace/tool-trace.js';
import { trainingSpans, type TrainingObjective } from '../../linearize/training-spans.js';
import type { Linearized } from '../../linearize/types.js';
import type { TraceExample } from '../generate/trace-example.js';
import type { OpenAiSftRecord, ShareGptRecord, TrlSftRecord } from './schemas.js';

export type SftFlavor = 'trl' | 'openai' | 'sharegpt';
export const SFT_FLAVORS: readonly SftFlavor[] = ['trl', 'openai', 'sharegpt'];

export interface SftOptions {
  objective?: TrainingObjective;
  flavor?: SftFlavor;
  /** A system message put first (none by default). */
  system?: string;
}

function spansOf(example: TraceExample, objective: TrainingObjective): [number, number][] {
  const lin = { format: example.format, text: example.text, segments: example.segments, stepNodeIds: [], winningPath: null } satisfies Linearized;
  return trainingSpans(lin, objective);
}

/**
 * The assistant text cut into pieces that alternate between trained and masked, each
 * with its weight (1: loss on it), covering the whole text in order.
 */
export function weightedPieces(text: string, spans: readonly [number, number][]): { text: string; weight: 0 | 1 }[] {
  const pieces: { text: string; weight: 0 | 1 }[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start > at) pieces.push({ text: text.slice(at, start), weight: 0 });
    if (end > start) pieces.push({ text: text.slice(start, end), weight: 1 });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), weight: 0 });
  return pieces;
}

/** A ShareGPT conversation: the question as the human turn, the trace as the model's. */
export function shareGptRecord(user: string, assistant: string, system?: string): ShareGptRecord {
  return {
    conversations: [
      ...(system ? [{ from: 'system' as const, value: system }] : []),
      { from: 'human', value: user },
      { from: 'gpt', value: assistant },
    ],
  };
}

/**
 * One SFT example of a linearized search, the question as the user turn and the trace as
 * the assistant's. The objective (whole / trace-only / mask-wrong-branches) becomes:
 * `trl`: `loss_spans`, the character spans of the assistant content that carry loss
 * (all of it for `whole`); `openai`: the assistant content split into consecutive
 * assistant messages with `weight` 0 or 1; `sharegpt`: no per-span weights (the format
 * has none; use `whole`, or `trl` for masking).
 */
export function sftRecord(example: TraceExample, options: SftOptions = {}): TrlSftRecord | OpenAiSftRecord | ShareGptRecord {
  const objective = options.objective ?? 'whole';
  const flavor = options.flavor ?? 'trl';
  const system = options.system;
  if (flavor === 'sharegpt') return shareGptRecord(example.prompt, example.text, system);
  const head = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content: example.prompt }];
  const spans = spansOf(example, objective);
  if (flavor === 'openai') {
    const pieces = objective === 'whole' ? [{ text: example.text, weight: 1 as const }] : weightedPieces(example.text, spans);
    return {
      messages: [...head, ...pieces.map((p) => (objective === 'whole' ? { role: 'assistant' as const, content: p.text } : { role: 'assistant' as const, content: p.text, weight: p.weight }))],
    };
  }
  return {
    messages: [...head, { role: 'assistant', content: example.text }],
    loss_spans: spans,
    metadata: { id: example.id, objective, format: example.format, verified: example.verified, level: example.level, subject: example.subject, gold: example.gold, model: example.model, search: example.search },
  };
}

/** What `writeToolTraceSft` writes beside the data: sources, filters, counts, file hashes. */
export interface SftCard {
  name: string;
  created: string;
  sources: string[];
  filters: string[];
  format: string;
  counts: Record<string, number>;
  files: Record<string, { rows: number; sha256: string }>;
  notes: string[];
}

/**
 * Writes tool-integrated traces (the embedded reasoner's format) as SFT datasets in the
 * two conversational formats trainers read: `messages` (TRL SFTTrainer, OpenAI
 * fine-tuning) and ShareGPT `conversations`. Each `messages` row also carries
 * `metacot.segments`: the assistant text cut into segments with their role, whether they
 * lie on a wrong branch, and their loss weight under each objective (whole, trace,
 * masked), for trainers that take per-token weights. Writes `card.json` beside them.
 */
export function writeToolTraceSft(
  dir: string,
  traces: readonly Pick<ToolTrace, 'segments' | 'text' | 'steps'>[],
  info: { name: string; sources: string[]; filters: string[]; format: string; counts?: Record<string, number>; now?: () => Date },
): SftCard {
  mkdirSync(dir, { recursive: true });
  const messages: string[] = [];
  const sharegpt: string[] = [];
  let wrongSegments = 0;
  for (const trace of traces) {
    const [prompt, ...rest] = trace.segments;
    const user = (prompt?.text ?? '').trimEnd();
    const assistant = rest.map((s) => s.text).join('');
    const segments = rest.map((s) => {
      if (s.wrong) wrongSegments++;
      const weights: Record<string, number> = {};
      for (const o of TOOL_TRACE_OBJECTIVES) weights[o] = segmentWeight(s, o);
      return { text: s.text, role: s.role, wrong: s.wrong, weights } as Json;
    });
    messages.push(JSON.stringify({
      messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }],
      metacot: { segments, steps: trace.steps },
    }));
    sharegpt.push(JSON.stringify(shareGptRecord(user, assistant)));
  }
  const files: SftCard['files'] = {};
  for (const [file, rows] of [['sft-messages.jsonl', messages], ['sft-sharegpt.jsonl', sharegpt]] as const) {
    const text = rows.length ? `${rows.join('\n')}\n` : '';
    writeFileSync(join(dir, file), text);
    files[file] = { rows: rows.length, sha256: createHash('sha256').update(text).digest('hex') };
  }
  const card: SftCard = {
    name: info.name,
    created: (info.now?.() ?? new Date()).toISOString(),
    sources: info.sources,
    filters: info.filters,
    format: info.format,
    counts: { rows: traces.length, wrongBranchSegments: wrongSegments, ...info.counts },
    files,
    notes: [
      'Tool-integrated format: the model writes operations, values and backs; the task writes each result and the numbers left.',
      'metacot.segments[].weights gives the loss weight of each segment under the objectives whole, trace and masked.',
    ],
  };
  writeFileSync(join(dir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
  return card;
}
