import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { CliExit, type CliIo } from '../cli-io.js';
import { numberOption, oneOf, RANGES } from '../parse-options.js';

interface GradeCommandOptions {
  gold?: string;
  pred?: string;
  file?: string;
  extract: 'auto' | 'always' | 'never';
  percent: 'either' | 'number' | 'fraction';
  degrees: 'either' | 'strip';
  units: 'must-match' | 'ignore';
  listOrder: 'unordered' | 'ordered';
  tolerance?: number;
  requireReduced?: boolean;
  decimalComma?: boolean;
  timeout: number;
  workers?: number;
}

/** `metacot grade`: is a predicted math answer equal to the gold one? */
export function register(program: Command, io: CliIo): void {
  program
    .command('grade')
    .description('Grade math answers: --gold G --pred P prints "equal" or "not equal" with the reason (exit 0 / 1); --file F.jsonl grades records {gold, pred} into one JSON line each')
    .option('--gold <answer>', 'the gold answer (LaTeX or plain)')
    .option('--pred <answer>', 'the predicted answer, or a whole model output (the answer is extracted)')
    .option('--file <path>', 'a JSONL file of records with string fields gold and pred')
    .option('--extract <mode>', 'answer extraction: auto, always, never', oneOf('--extract', ['auto', 'always', 'never'] as const), 'auto')
    .option('--percent <mode>', '10\\% against 10 / 0.1: either, number, fraction', oneOf('--percent', ['either', 'number', 'fraction'] as const), 'either')
    .option('--degrees <mode>', '90^\\circ against pi/2: either, strip', oneOf('--degrees', ['either', 'strip'] as const), 'either')
    .option('--units <mode>', 'units named on both sides: must-match, ignore', oneOf('--units', ['must-match', 'ignore'] as const), 'must-match')
    .option('--list-order <mode>', 'comma-separated answers: unordered, ordered', oneOf('--list-order', ['unordered', 'ordered'] as const), 'unordered')
    .addOption(numberOption('--tolerance <x>', 'relative tolerance when a decimal is involved (default 1e-6)', RANGES.fraction))
    .option('--require-reduced', 'reject fractions not in lowest terms')
    .option('--decimal-comma', 'read 1,22 as 1.22')
    .addOption(numberOption('--timeout <ms>', 'hard limit per check in milliseconds', RANGES.positiveTimeoutMs, 2000))
    .addOption(numberOption('--workers <n>', 'worker threads for --file (default: CPUs - 1)', { integer: true, min: 1, max: 64 }))
    .action(async (options: GradeCommandOptions) => {
      const single = options.gold !== undefined || options.pred !== undefined;
      if (single && options.file) throw new InputError('give either --gold and --pred, or --file, not both');
      if (!single && !options.file) throw new InputError('give --gold and --pred, or --file F.jsonl');
      if (single && (options.gold === undefined || options.pred === undefined)) {
        throw new InputError(`--${options.gold === undefined ? 'gold' : 'pred'} is missing (both --gold and --pred are needed)`);
      }
      const { GraderPool } = await import('../../verifiers/math-grader/grader-pool.js');
      const gradeOptions = {
        extract: options.extract,
        percent: options.percent,
        degrees: options.degrees,
        units: options.units,
        listOrder: options.listOrder,
        requireReduced: options.requireReduced === true,
        decimalComma: options.decimalComma === true,
        ...(options.tolerance !== undefined ? { relativeTolerance: options.tolerance } : {}),
      };
      if (single) {
        const pool = new GraderPool({ size: 1, timeoutMs: options.timeout, gradeOptions });
        try {
          const result = await pool.grade(options.gold!, options.pred!);
          io.stdout(`${result.equal ? 'equal' : 'not equal'} (${result.reason})\n`);
          if (!result.equal) throw new CliExit(1);
        } finally {
          await pool.close();
        }
        return;
      }
      const { readGradeRecords } = await import('../../verifiers/math-grader/read-grade-records.js');
      const records = await readGradeRecords(options.file!);
      const pool = new GraderPool({ timeoutMs: options.timeout, gradeOptions, ...(options.workers ? { size: options.workers } : {}) });
      try {
        // A null answer is graded without a check: no-answer (or no-gold), never equal.
        const checked = records.filter((r) => r.gold !== null && r.pred !== null);
        const graded = await pool.gradeMany(checked.map(({ gold, pred }) => ({ gold: gold!, pred: pred! })));
        let next = 0;
        const results = records.map((r) =>
          r.gold === null || r.pred === null
            ? { equal: false, reason: r.gold === null ? 'no-gold' : 'no-answer', gold: r.gold, pred: r.pred, extraction: 'none' }
            : graded[next++]!,
        );
        const counts = new Map<string, number>();
        for (const [i, r] of results.entries()) {
          const id = records[i]!.id;
          io.stdout(`${JSON.stringify({ ...(id !== undefined ? { id } : {}), equal: r.equal, reason: r.reason, gold: r.gold, pred: r.pred, extraction: r.extraction })}\n`);
          counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
        }
        const equal = results.filter((r) => r.equal).length;
        const reasons = [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
        io.stderr(`graded ${results.length}: ${equal} equal, ${results.length - equal} not equal (${reasons})\n`);
      } finally {
        await pool.close();
      }
    });
}
