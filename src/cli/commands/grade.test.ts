import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main.js';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('metacot grade', () => {
  it('prints equal / not equal with the reason', async () => {
    const yes = await run(['grade', '--gold', '\\frac{1}{2}', '--pred', 'The answer is $\\boxed{0.5}$.']);
    expect(yes).toMatchObject({ code: 0, stdout: 'equal (equivalent)\n' });
    const no = await run(['grade', '--gold', '2^{100}', '--pred', '2^{100}+1']);
    expect(no).toMatchObject({ code: 1, stdout: 'not equal (different)\n' });
  }, 20_000);

  it('grades a JSONL file in order, with a summary on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-grade-'));
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(file, ['{"gold":"3","pred":"3.0","id":"a"}', '{"gold":"x \\\\le 3","pred":"(-\\\\infty, 3]"}', '', '{"gold":"1","pred":"2"}'].join('\n'));
    const r = await run(['grade', '--file', file, '--workers', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { equal: boolean; reason: string });
    expect(lines.map((l) => l.equal)).toEqual([true, true, false]);
    expect(lines[2]!.reason).toBe('different');
    expect(lines[0]).toMatchObject({ id: 'a', gold: '3', pred: '3.0' });
    expect(r.stderr).toMatch(/graded 3: 2 equal, 1 not equal/);
  }, 20_000);

  it('grades a null answer as missing (not equal) instead of rejecting the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-grade-'));
    const file = join(dir, 'nulls.jsonl');
    writeFileSync(file, ['{"gold":"1","pred":"1"}', '{"gold":"2","pred":null,"id":7}', '{"gold":null,"pred":"3"}', '{"gold":"4","pred":"4.0"}'].join('\n'));
    const r = await run(['grade', '--file', file, '--workers', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.equal, l.reason])).toEqual([[true, 'identical'], [false, 'no-answer'], [false, 'no-gold'], [true, 'equivalent']]);
    expect(lines[1]).toMatchObject({ id: 7, gold: '2', pred: null, extraction: 'none' });
    expect(r.stderr).toMatch(/graded 4: 2 equal, 2 not equal/);
  }, 20_000);

  it('names file and line for bad records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-grade-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"gold":"1","pred":"1"}\n{"gold":"1"}\n');
    const missing = await run(['grade', '--file', file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${file}:2: missing field "pred"`);
    writeFileSync(file, '{"gold":"1","pred":"1"}\nnot json\n');
    const malformed = await run(['grade', '--file', file]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(`${file}:2: not valid JSON`);
    expect((await run(['grade', '--gold', '1'])).code).toBe(2);
  });
});
