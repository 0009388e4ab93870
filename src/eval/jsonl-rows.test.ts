import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonl } from './jsonl-lines.js';
import { readJsonAt, readJsonlRows } from './jsonl-rows.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-jsonl-rows-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function rows(text: string, options: { tolerateTornTail?: boolean } = {}) {
  const file = join(root, 'f.jsonl');
  await writeFile(file, text);
  const out = [];
  for await (const row of readJsonlRows(file, options)) out.push(row);
  return { file, out };
}

/** The streaming reader must agree with parseJsonl, the whole-text parser, on every input. */
async function agrees(text: string, tolerateTornTail: boolean) {
  const file = join(root, 'f.jsonl');
  let expected: unknown;
  try {
    expected = parseJsonl(text, file, { tolerateTornTail }).lines;
  } catch (error) {
    await expect(rows(text, { tolerateTornTail })).rejects.toThrow((error as Error).message);
    return;
  }
  const { out } = await rows(text, { tolerateTornTail });
  expect(out.map(({ line, value }) => ({ line, value }))).toEqual(expected);
}

describe('readJsonlRows', () => {
  const cases = [
    '',
    '{"a":1}\n{"a":2}\n',
    '{"a":1}\n\n  \n{"a":2}\r\n',
    '{"a":1}\n{"a":2}', // no final newline
    '{"a":1}\n{"a":', // torn
    '{"a":1}\n{"a":\n', // torn, but terminated
    '{"a":1}\n{"a":\n\n', // a bad line followed by a blank one is not the tail
    '{"a":1}\nnope\n{"a":3}\n',
    '  \n',
    '{"é":"ünïcode ✓"}\n[1,2]\n',
  ];
  for (const [i, text] of cases.entries()) {
    it(`reads case ${i} as parseJsonl does, with and without a tolerated torn tail`, async () => {
      await agrees(text, true);
      await agrees(text, false);
    });
  }

  it('reads lines longer than its chunk, and each row again from its offset', async () => {
    const long = { text: 'x'.repeat(2_500_000) + 'é' };
    const text = `{"a":1}\n${JSON.stringify(long)}\n{"b":"ü"}\n`;
    const { file, out } = await rows(text);
    expect(out.map((r) => r.value)).toEqual([{ a: 1 }, long, { b: 'ü' }]);
    const handle = await open(file, 'r');
    try {
      for (const row of out) expect(await readJsonAt(handle, row.offset, row.bytes, file)).toEqual(row.value);
    } finally {
      await handle.close();
    }
  });

  it('yields nothing for a missing file only when asked to', async () => {
    const missing = join(root, 'missing.jsonl');
    const out = [];
    for await (const row of readJsonlRows(missing, { missingIsEmpty: true })) out.push(row);
    expect(out).toEqual([]);
    await expect((async () => { for await (const _ of readJsonlRows(missing)) void _; })()).rejects.toThrow(/ENOENT/);
  });
});
