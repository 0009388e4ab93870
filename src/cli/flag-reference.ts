import type { Command } from 'commander';
import { describeRange, rangeOfParser } from './parse-options.js';

/** One numeric flag of one command, with its range and default. */
export interface NumericFlag {
  command: string;
  flag: string;
  range: string;
  default: string;
  description: string;
}

/** Every numeric flag of every command of `program`, in declaration order (what docs/cli-flags.md lists). */
export function numericFlags(program: Command): NumericFlag[] {
  const out: NumericFlag[] = [];
  for (const command of program.commands) {
    for (const option of command.options) {
      const range = rangeOfParser((option as unknown as { parseArg?: unknown }).parseArg);
      if (!range) continue;
      out.push({
        command: command.name(),
        flag: option.flags,
        range: describeRange(range),
        default: option.defaultValue === undefined ? '' : String(option.defaultValue),
        description: option.description.replace(/ \(range: .*\)$/, ''),
      });
    }
  }
  return out;
}

/** The markdown table of docs/cli-flags.md. */
export function renderFlagReference(program: Command): string {
  const rows = numericFlags(program).map((f) => `| \`${f.command}\` | \`${f.flag}\` | ${f.range} | ${f.default} | ${f.description.replace(/\|/g, '\\|')} |`);
  return [
    '# Numeric flags',
    '',
    'Every number a command takes has a range, enforced while the command line is read (one',
    'line naming the flag, exit code 2) by `src/cli/parse-options.ts`, and shown in each',
    "command's `--help`. This table is generated from the commands themselves; a test fails",
    'when it is out of date (`UPDATE_FLAG_DOCS=1 npx vitest run src/cli/flag-reference.test.ts`',
    'rewrites it). Timeouts stop at 2147483647 ms, the longest delay a Node timer holds.',
    'Search sizes (`bon-N`, `--search-opt`) have ranges of their own: see [search](search.md).',
    '',
    '| command | flag | range | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
