import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { goldFromField, problemRows, readProblemFile } from './problem-rows.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-rows-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('problem files', () => {
  it('reads a Parquet file as Hugging Face stores datasets, fields mapped by name', async () => {
    const file = join(root, 'train.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'question', data: ['What is 2 + 3?', 'What is 4 + 4?'] },
        { name: 'solution', data: ['2 + 3 = 5, so \\boxed{5}.', 'Natalia sold 8.\n#### 8'] },
        { name: 'uid', data: ['a', 'b'] },
        { name: 'difficulty', data: [1, 3], type: 'INT32' },
      ],
    });
    await writeFile(file, new Uint8Array(buffer));
    const rows = await readProblemFile(file, { problem: 'question', answer: 'solution', id: 'uid' });
    expect(rows.map((r) => [r.id, r.input, r.gold, r.level])).toEqual([
      ['a', 'What is 2 + 3?', '5', 1],
      ['b', 'What is 4 + 4?', '8', 3],
    ]);
    expect(rows[0]!.prompt).toContain('\\boxed{}');
  });

  it('reads JSONL with the usual column names and nested paths', async () => {
    const file = join(root, 'mine.jsonl');
    await writeFile(file, `${JSON.stringify({ problem: 'P1', answer: 7, meta: { lvl: 'Level 2' } })}\n\n${JSON.stringify({ problem: 'P2', answer: '\\frac12' })}\n`);
    const rows = await readProblemFile(file, { level: 'meta.lvl' });
    expect(rows.map((r) => [r.id, r.gold, r.level])).toEqual([['0', '7', 'Level 2'], ['1', '\\frac12', null]]);
  });

  it('names the row and the columns when the problem field is missing, and repeated ids', () => {
    expect(() => problemRows([{ q: 'x' }], {}, 'f.jsonl')).toThrow(/f\.jsonl row 1: no problem text .* \(columns: q\); name it with --problem-field/);
    expect(() => problemRows([{ problem: 'a', id: 1 }, { problem: 'b', id: 1 }], {}, 'f')).toThrow(InputError);
  });

  it('rejects unknown file types and malformed lines by file and line', async () => {
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, '{"problem": "a"}\n{oops\n');
    await expect(readProblemFile(bad)).rejects.toThrow(/bad\.jsonl:2: malformed JSON/);
    await expect(readProblemFile(join(root, 'x.csv'))).rejects.toThrow(/no such file/);
    const csv = join(root, 'y.csv');
    await writeFile(csv, 'a,b\n');
    await expect(readProblemFile(csv)).rejects.toThrow(/unknown file type '\.csv'/);
  });

  it('cuts worked solutions to their final answer', () => {
    expect(goldFromField('so the answer is \\boxed{\\frac{1}{2}}.')).toBe('\\frac{1}{2}');
    expect(goldFromField(' 42 ')).toBe('42');
  });
});
