import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-support/run-cli-captured.js';

// Every file or folder flag, given a path that cannot work: a missing file, a folder where
// a file must be, a file where a folder must be (or inside the path). Each must end in one
// line naming the path and the problem, exit 2 — never a raw errno message.
const root = mkdtempSync(join(tmpdir(), 'metacot-paths-'));
const file = join(root, 'f');
const dir = join(root, 'd');
const run = join(root, 'run');
const missing = join(root, 'missing.jsonl');
const problems = join(root, 'problems.jsonl');

beforeAll(async () => {
  writeFileSync(file, 'hi\n');
  mkdirSync(dir);
  writeFileSync(problems, '{"problem":"What is 1+1?","answer":"2"}\n');
  const made = await runCliCaptured(['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'bon-2', '--limit', '1', '--out', run]);
  expect(made.code).toBe(0);
}, 60_000);

const EVAL = ['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'bon-2', '--limit', '1'];
const GENERATE = ['generate', '--task', 'game24', '--model', 'symbolic', '--search', 'bon-2', '--limit', '1'];

const cases: [string, () => string[], RegExp][] = [
  ['grade --file (missing)', () => ['grade', '--file', missing], /--file .*missing\.jsonl: no such file or folder$/],
  ['grade --file (a folder)', () => ['grade', '--file', dir], /--file .*\/d: is a folder, where a file is needed$/],
  ['grade --file (under a file)', () => ['grade', '--file', join(file, 'x.jsonl')], /--file .*\/f\/x\.jsonl: a part of the path is a file, not a folder$/],
  ['score (a file as the run)', () => ['score', file], /\/f\/config\.json: a part of the path is a file, not a folder$/],
  ['score --samples (a folder)', () => ['score', '--samples', dir, '--task', 'game24'], /--samples .*\/d: is a folder, where a file is needed$/],
  ['view --out (a folder)', () => ['view', run, '--out', dir], /--out .*\/d: is a folder, where a file is needed$/],
  ['view --out (under a file)', () => ['view', run, '--out', join(file, 'x.html')], /--out .*\/f\/x\.html: .*\/f: is a file, where a folder is needed$/],
  ['view (a file that is not JSON)', () => ['view', file], /\/f: not a JSON tree file/],
  ['eval --out (a file)', () => [...EVAL, '--out', file], /--out .*\/f: is a file, where a folder is needed$/],
  ['eval --out (under a file)', () => [...EVAL, '--out', join(file, 'sub')], /--out .*\/f\/sub: a part of the path is a file, not a folder$/],
  ['generate --out (a file)', () => [...GENERATE, '--out', file], /--out .*\/f: is a file, where a folder is needed$/],
  ['generate --data (a folder)', () => ['generate', '--data', dir, '--model', 'openai:m', '--search', 'bon-2'], /--data .*\/d: is a folder, where a file is needed$/],
  ['generate --data with --model symbolic', () => ['generate', '--task', 'game24', '--data', problems, '--model', 'symbolic', '--search', 'bon-2', '--out', join(root, 'g')], /--data problems are free-text questions that need a language model .*--model symbolic plays the built-in puzzle tasks only/],
  ['export --out (a file)', () => ['export', 'sft', '--run', run, '--out', file], /--out .*\/f: is a file, where a folder is needed$/],
  ['export --out (under a file)', () => ['export', 'sft', '--run', run, '--out', join(file, 'x')], /--out .*\/f\/x: a part of the path is a file, not a folder$/],
  ['export --run (a file)', () => ['export', 'sft', '--run', file, '--out', join(root, 'x')], /\/f\/config\.json: a part of the path is a file, not a folder$/],
  ['export --decontaminate (missing)', () => ['export', 'sft', '--run', run, '--out', join(root, 'x'), '--decontaminate', missing], /^metacot: --decontaminate .*missing\.jsonl: no such file or folder$/],
  ['report --out (a file)', () => ['report', run, '--out', file], /--out .*\/f: is a file, where a folder is needed$/],
  ['train --out (under a file)', () => ['train', '--steps', '1', '--out', join(file, 'm.mct')], /--out .*\/f\/m\.mct: .*\/f: is a file, where a folder is needed$/],
  ['train --out (a folder)', () => ['train', '--steps', '1', '--out', dir], /--out .*\/d: is a folder, where a file is needed$/],
  ['train --curve (under a file)', () => ['train', '--steps', '1', '--out', join(root, 'm.mct'), '--curve', join(file, 'c.json')], /--curve .*: is a file, where a folder is needed$/],
  ['train --export (a file)', () => ['train', '--steps', '1', '--out', join(root, 'm.mct'), '--export', file], /--export .*\/f: is a file, where a folder is needed$/],
  ['star --out (a folder)', () => ['star', '--out', dir], /--out .*\/d: is a folder, where a file is needed$/],
  ['star --dir (a file)', () => ['star', '--train-cmd', 'true', '--serve-cmd', 'true', '--task', 'gsm8k', '--model', 'openai:m', '--dir', file], /--dir .*\/f: is a file, where a folder is needed$/],
  ['serve --store (a file)', () => ['serve', '--port', '0', '--store', file], /--store .*\/f: is a file, where a folder is needed$/],
  ['serve --cache (a folder)', () => ['serve', '--port', '0', '--cache', dir], /--cache .*\/d: is a folder, where a file is needed$/],
];

describe('bad paths', () => {
  it.each(cases)('%s: one line naming the path and the problem, exit 2', async (_name, argv, message) => {
    const r = await runCliCaptured(argv());
    expect(r.stderr).toMatch(/^metacot: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr).not.toMatch(/unexpected error|\bE[A-Z]{3,}\b:|\bE(NOENT|NOTDIR|ISDIR|EXIST|ACCES|ROFS)\b/);
    expect(r.code).toBe(2);
  }, 30_000);

  // Root writes anywhere, so a read-only folder can only be shown to a normal user.
  it.skipIf(process.getuid?.() === 0)('a read-only output folder is named with the problem, exit 2', async () => {
    const ro = join(root, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = await runCliCaptured([...EVAL, '--out', join(ro, 'run')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/--out .*\/ro\/run: permission denied$/);
  });
});
