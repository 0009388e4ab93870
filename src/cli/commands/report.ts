import type { Command } from 'commander';
import { join } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { BOOTSTRAP_RANGE, numberOption } from '../parse-options.js';

/** `metacot report`: an offline HTML page and a markdown summary comparing runs. */
export function register(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('Write a self-contained HTML report and a markdown summary for one or more run folders (accuracy vs k, accuracy vs compute, by level)')
    .argument('<runs...>', 'run folders (from metacot eval or merge)')
    .option('-o, --out <dir>', 'where to write report.html, report.md and charts/ (default: <first run>/report)')
    .addOption(numberOption('--bootstrap <n>', 'bootstrap resamples for the intervals (0: none)', BOOTSTRAP_RANGE, 1000))
    .action(async (runs: string[], options: { out?: string; bootstrap: number }) => {
      const { writeReport } = await import('../../eval/report/write-report.js');
      const out = options.out ?? join(runs[0]!, 'report');
      (await import('../output-folder.js')).ensureOutputFolder(out, '--out');
      const files = await writeReport(runs, out, { bootstrap: options.bootstrap });
      io.stdout(`wrote ${files.html} and ${files.markdown} (${files.charts.length} charts)\n`);
    });
}
