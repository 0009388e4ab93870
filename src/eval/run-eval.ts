import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Budget } from '../core/budget.js';
import { createContext } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { createRandom } from '../core/random.js';
import type { EvalProblem, EvalTask, Solver } from './eval-task.js';
import { recordFromTree } from './record-from-tree.js';
import { RecordLog, RecordLogError } from './record-log.js';
import { acquireRunLock } from './run-lock.js';
import { CONFIG_FILE, TREES_DIR, treeRelativePath } from './run-layout.js';
import { configDifference, parseRunConfig, type RunConfig, type RunRecord } from './run-schema.js';
import { removeStaleTempFiles, writeFileAtomic } from '../core/write-file-atomic.js';

export interface EvalProgress {
  /** Problems of this run (this shard). */
  total: number;
  /** Finished, including those found finished on resume. */
  done: number;
  resumed: number;
  correct: number;
  failed: number;
  /** Tokens spent by this process so far (not counting resumed records). */
  tokensIn: number;
  tokensOut: number;
  elapsedMs: number;
}

export interface RunEvalOptions {
  dir: string;
  config: RunConfig;
  task: EvalTask;
  /** The problems of this run (already selected and sharded), in dataset order. */
  problems: readonly EvalProblem[];
  solve: Solver;
  budget?: Budget;
  /** Problems solved at once (default 1). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
  now?: () => number;
  /** Called after each record is durably on disk (tests inject crashes here). */
  onRecord?: (record: RunRecord) => void | Promise<void>;
}

export interface RunEvalResult {
  /** Every record of the run folder, in dataset order. */
  records: RunRecord[];
  resumed: number;
  ran: number;
  failures: { id: string; message: string }[];
  aborted: boolean;
}

/**
 * Runs a method over problems into a run folder, resuming what is there. Per problem:
 * the tree is written atomically, then the record is appended and fsynced: the record
 * is the commit point, so a kill at any moment loses at most the problems in flight,
 * and a problem with a record is never run again. Each problem's randomness is seeded
 * from the run seed and the problem id alone, so order, concurrency, resumes and shards
 * do not change what any problem computes. Failed problems get no record (a re-run
 * retries them); aborted searches are discarded.
 */
export async function runEval(options: RunEvalOptions): Promise<RunEvalResult> {
  const { dir, task, problems, solve } = options;
  const now = options.now ?? Date.now;
  await mkdir(join(dir, TREES_DIR), { recursive: true });
  const release = await acquireRunLock(dir);
  try {
    // A writer killed mid-write left `<file>.<pid>.tmp` beside the file; holding the lock, they are all stale.
    await removeStaleTempFiles(dir);
    await removeStaleTempFiles(join(dir, TREES_DIR));
    await ensureConfig(dir, options.config);
    const { log, existing } = await RecordLog.open(dir);
    try {
      return await runProblems(options, log, existing, now);
    } finally {
      await log.close();
    }
  } finally {
    await release();
    await task.close?.();
  }

  async function runProblems(opts: RunEvalOptions, log: RecordLog, existing: RunRecord[], clock: () => number): Promise<RunEvalResult> {
    const wanted = new Set(problems.map((p) => p.id));
    const stray = existing.find((r) => !wanted.has(r.id));
    if (stray) throw new InputError(`${dir}: record for problem '${stray.id}' does not belong to this run's selection; the folder holds another run`);
    const done = new Map(existing.map((r) => [r.id, r]));
    const todo = problems.filter((p) => !done.has(p.id));
    const started = clock();
    const progress: EvalProgress = {
      total: problems.length,
      done: done.size,
      resumed: done.size,
      correct: existing.filter((r) => r.correct).length,
      failed: 0,
      tokensIn: 0,
      tokensOut: 0,
      elapsedMs: 0,
    };
    const report = () => opts.onProgress?.({ ...progress, elapsedMs: clock() - started });
    report();
    const failures: RunEvalResult['failures'] = [];
    let next = 0;
    let ran = 0;
    const worker = async () => {
      while (next < todo.length && !opts.signal?.aborted) {
        const problem = todo[next++]!;
        const seed = `${opts.config.seed}/${problem.id}`;
        let written: RunRecord | null = null;
        try {
          const ctx = createContext({ random: createRandom(seed), budget: opts.budget ?? {}, ...(opts.signal ? { signal: opts.signal } : {}) });
          const tree = await solve(problem, ctx);
          if (tree.stopReason === 'aborted' || opts.signal?.aborted) continue;
          const treePath = treeRelativePath(problem.id);
          await writeFileAtomic(join(dir, treePath), JSON.stringify(tree));
          const record = await recordFromTree(tree, problem, task, { seed, treePath });
          await log.append(record);
          done.set(record.id, record);
          ran++;
          progress.done++;
          if (record.correct) progress.correct++;
          progress.tokensIn += record.usage.tokensIn;
          progress.tokensOut += record.usage.tokensOut;
          written = record;
        } catch (error) {
          if (opts.signal?.aborted) continue;
          if (error instanceof InputError || error instanceof RecordLogError) throw error;
          failures.push({ id: problem.id, message: error instanceof Error ? error.message : String(error) });
          progress.failed++;
        }
        if (written) await opts.onRecord?.(written);
        report();
      }
    };
    const lanes = Math.max(1, Math.min(opts.concurrency ?? 1, todo.length || 1));
    await Promise.all(Array.from({ length: lanes }, worker));
    const records = [...done.values()].sort((a, b) => a.index - b.index);
    return { records, resumed: existing.length, ran, failures, aborted: opts.signal?.aborted === true };
  }
}

/** Writes config.json for a new run, or checks that a resumed run was started with the same settings. */
async function ensureConfig(dir: string, config: RunConfig): Promise<void> {
  const file = join(dir, CONFIG_FILE);
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`);
    return;
  }
  let previous: RunConfig;
  try {
    previous = parseRunConfig(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof SyntaxError) throw new InputError(`${file}: malformed JSON (${error.message})`);
    throw error;
  }
  const diff = configDifference(previous, config);
  if (diff) {
    throw new InputError(`${dir} holds a run with different settings (${diff}: was ${show(previous, diff)}, now ${show(config, diff)}); resume with the same flags or choose another --out`);
  }
}

function show(config: RunConfig, path: string): string {
  let cur: unknown = config;
  for (const key of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  const text = JSON.stringify(cur) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
