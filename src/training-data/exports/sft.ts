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
  if (flavor === 'sharegpt') {
    return {
      conversations: [
        ...(system ? [{ from: 'system' as const, value: system }] : []),
        { from: 'human', value: example.prompt },
        { from: 'gpt', value: example.text },
      ],
    };
  }
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
