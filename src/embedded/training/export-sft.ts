import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../core/json.js';
import { OBJECTIVES, segmentWeight, type ToolTrace } from '../reasoner/tool-trace.js';

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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes verified traces as SFT datasets in the two conversational formats trainers read
 * (DESIGN.md §5): `messages` (TRL SFTTrainer, OpenAI fine-tuning) and ShareGPT
 * `conversations`. Each row also carries `metacot.segments`: the assistant text cut into
 * segments with their role, whether they lie on a wrong branch, and their loss weight
 * under each of the three objectives (whole, trace, masked), for trainers that take
 * per-token weights. Writes `card.json` beside them (sources, filters, counts, hashes).
 */
export function writeSftDataset(
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
      for (const o of OBJECTIVES) weights[o] = segmentWeight(s, o);
      return { text: s.text, role: s.role, wrong: s.wrong, weights } as Json;
    });
    messages.push(JSON.stringify({
      messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }],
      metacot: { segments, steps: trace.steps },
    }));
    sharegpt.push(JSON.stringify({ conversations: [{ from: 'human', value: user }, { from: 'gpt', value: assistant }] }));
  }
  const files: SftCard['files'] = {};
  for (const [file, rows] of [['sft-messages.jsonl', messages], ['sft-sharegpt.jsonl', sharegpt]] as const) {
    const text = rows.length ? `${rows.join('\n')}\n` : '';
    writeFileSync(join(dir, file), text);
    files[file] = { rows: rows.length, sha256: sha256(text) };
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
