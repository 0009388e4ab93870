import type { AttemptsRow } from '../training-data/generate/attempts-by-level.js';
import { CliExit, type CliIo } from './cli-io.js';

/** Sequential revision's measure, one line per difficulty level. */
export function printAttemptsByLevel(io: CliIo, rows: readonly AttemptsRow[]): void {
  for (const row of rows) io.stdout(`  level ${row.level}: ${row.meanAttempts.toFixed(2)} attempts on average over ${row.problems} problems (${row.solved} solved)\n`);
}

/**
 * How a resumable run over a problem set ends (`eval`, `generate`): the first failures on
 * stderr, exit 130 when interrupted and 1 when problems failed — both resumable by re-running.
 */
export function finishRun(io: CliIo, result: { aborted: boolean; failures: readonly { id: string; message: string }[] }): void {
  for (const failure of result.failures.slice(0, 5)) io.stderr(`failed ${failure.id}: ${failure.message}\n`);
  if (result.aborted) {
    io.stderr('interrupted; re-run the same command to resume\n');
    throw new CliExit(130);
  }
  if (result.failures.length > 0) {
    io.stderr(`${result.failures.length} problem(s) failed; re-run the same command to retry them\n`);
    throw new CliExit(1);
  }
}
