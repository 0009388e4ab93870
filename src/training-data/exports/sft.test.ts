import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { createBoard } from '../../linearize/tool-trace/board.js';
import { writeToolTrace } from '../../linearize/tool-trace/tool-trace.js';
import { writeToolTraceSft } from './sft.js';

describe('writeToolTraceSft', () => {
  it('writes messages rows with weighted segments, ShareGPT rows and a card with hashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-sft-'));
    const trace = writeToolTrace(createBoard([4, 9, 10, 13], 24), 'metacot', createRandom(1));
    const card = writeToolTraceSft(dir, [trace], { name: 't', sources: ['s'], filters: ['f'], format: 'metacot', now: () => new Date(0) });
    const row = JSON.parse(readFileSync(join(dir, 'sft-messages.jsonl'), 'utf8')) as { messages: { content: string }[]; metacot: { segments: { text: string; weights: Record<string, number> }[] } };
    expect(row.messages[0]!.content).toMatch(/^Use [\d ]+ to make 24\.$/);
    expect(row.messages[0]!.content + '\n' + row.messages[1]!.content).toBe(trace.text);
    expect(row.metacot.segments.map((s) => s.text).join('')).toBe(row.messages[1]!.content);
    expect(Object.keys(row.metacot.segments[0]!.weights)).toEqual(['whole', 'trace', 'masked']);
    const share = JSON.parse(readFileSync(join(dir, 'sft-sharegpt.jsonl'), 'utf8')) as { conversations: { from: string; value: string }[] };
    expect(share.conversations.map((c) => c.from)).toEqual(['human', 'gpt']);
    expect(card.files['sft-messages.jsonl']!.rows).toBe(1);
    expect(card.created).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'))).toEqual(card);
  });
});
