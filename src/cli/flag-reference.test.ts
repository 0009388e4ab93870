import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-support/run-cli-captured.js';
import { numericFlags, renderFlagReference } from './flag-reference.js';
import { buildProgram } from './main.js';
import { rangeOfParser } from './parse-options.js';

const io = { stdout: () => {}, stderr: () => {}, isTTY: false };
const DOC = new URL('../../docs/cli-flags.md', import.meta.url);

// Value names that announce a number: such a flag must go through numberOption.
const NUMERIC_VALUE = /<(n|ms|bytes|x|p|t|g|r|w|usd|rate|gamma|i\/n)>/;

describe('numeric flags', () => {
  it('every numeric flag of every command has a range, shown in its help', () => {
    const program = buildProgram(io);
    for (const command of program.commands) {
      for (const option of command.options) {
        const parser = (option as unknown as { parseArg?: unknown }).parseArg;
        const range = rangeOfParser(parser);
        const where = `${command.name()} ${option.flags}`;
        if (range) {
          // numberOption appends the range; numberInRange leaves it to the caller's own words.
          if (!/ \(range: (integer|number) .+\)$/.test(option.description)) expect(option.description, `${where}: its help must state the range`).toContain(String(range.max));
          continue;
        }
        expect(typeof option.defaultValue, `${where} has a numeric default but no range`).not.toBe('number');
        if (option.flags !== '--shard <i/n>') expect(option.flags, `${where} looks numeric but has no range`).not.toMatch(NUMERIC_VALUE);
      }
    }
    expect(numericFlags(program).length).toBeGreaterThan(60);
  });

  it('docs/cli-flags.md lists them as the commands declare them', () => {
    const text = renderFlagReference(buildProgram(io));
    if (process.env.UPDATE_FLAG_DOCS) writeFileSync(DOC, text);
    expect(readFileSync(DOC, 'utf8')).toBe(text);
  });

  it.each([
    [['grade', '--gold', '1', '--pred', '1', '--timeout', '99999999999'], /^metacot: --timeout must be an integer in \[1, 2147483647\], got '99999999999'$/],
    [['grade', '--file', 'x.jsonl', '--workers', '100000'], /^metacot: --workers must be an integer in \[1, 64\], got '100000'$/],
    [['score', 'run', '--resamples', '1000000000'], /^metacot: --resamples must be an integer in \[1, 10000\]/],
    [['score', 'run', '--resamples', '99999999999999999999'], /^metacot: --resamples must be an integer/],
    [['score', 'run', '--bootstrap', '1e15'], /^metacot: --bootstrap must be an integer in \[0, 100000\], got '1e15'$/],
    [['score', 'run', '--confidence', '1'], /^metacot: --confidence must be a number in \(0, 1\), got '1'$/],
    [['view', 'run', '--port', '99999'], /^metacot: --port must be an integer in \[0, 65535\], got '99999'$/],
    [['solve', '4 9 10 13', '--timeout', '99999999999999999999'], /^metacot: --timeout must be a number in \[0, 2147483647\]/],
    [['solve', '4 9 10 13', '--search', 'bon-99999999999999999999'], /^metacot: best-of-n: option 'n' must be an integer in \[1, 100000\]/],
    [['solve', '4 9 10 13', '--model', 'symbolic', '--search', 'maj-100000000'], /^metacot: majority: option 'n' must be an integer in \[1, 100000\]/],
    [['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'bon-1000000000', '--timeout', '3000', '--out', '/nonexistent/never'], /^metacot: best-of-n: option 'n' must be an integer in \[1, 100000\]/],
    [['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'bon-8', '--shard', '0/99999999999'], /^metacot: --shard 0\/99999999999: need 0 ≤ i < n and 1 ≤ n ≤ 100000/],
    [['serve', '--timeout-ms', '1e10'], /^metacot: --timeout-ms must be an integer in \[1, 2147483647\]/],
    [['train', '--dim', '100000'], /^metacot: --dim must be an integer in \[8, 512\]/],
    [['reward-server', '--port', '-1'], /^metacot: --port must be an integer in \[0, 65535\]/],
    [['export', 'sft', '--run', 'r', '--out', 'o', '--ngram', '0'], /^metacot: --ngram must be an integer in \[1, 100\]/],
  ])('rejects %j with one line naming the flag, exit 2', async (argv, message) => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const r = await runCliCaptured(argv);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
