import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../../core/errors.js';
import { iterationDir, LOOP_STEPS, readIterationState, writeIterationState, type IterationState, type LoopStep } from './loop-state.js';

/** What a step gets: where to write, which iteration, the model it works with, earlier steps' results. */
export interface StepContext {
  iteration: number;
  /** This iteration's folder (`<dir>/iter-<k>`). */
  dir: string;
  model: Record<string, unknown>;
  /** Results of this iteration's finished steps. */
  results: Partial<Record<LoopStep, Record<string, unknown>>>;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * The work of each step, supplied by the caller (the CLI wires metacot generate, export,
 * the user's trainer command and their serving command). `train` returns the new
 * model's description (`{ model: {...} }` in its result), which the next iteration uses.
 */
export type LoopSteps = Record<LoopStep, (ctx: StepContext) => Promise<Record<string, unknown>>>;

export interface StarLoopOptions {
  dir: string;
  iterations: number;
  /** The base model the first iteration generates with. */
  model: Record<string, unknown>;
  steps: LoopSteps;
  signal?: AbortSignal;
  /** Progress lines (also appended to `<dir>/loop.log`). */
  onLog?: (line: string) => void;
  now?: () => Date;
}

export interface StarLoopReport {
  iterations: IterationState[];
}

/**
 * Meta-STaR as a resumable loop: per iteration generate → export → train → evaluate, each
 * step's outcome recorded in `<dir>/iter-<k>/state.json` the moment it ends, and every
 * line of progress in `<dir>/loop.log`. A re-run skips the steps already done and
 * retries a failed one; iteration k+1 generates with the model iteration k trained.
 * A failing step stops the loop with its error (after recording it).
 */
export async function runStarLoop(options: StarLoopOptions): Promise<StarLoopReport> {
  const now = options.now ?? (() => new Date());
  await mkdir(options.dir, { recursive: true });
  const logFile = join(options.dir, 'loop.log');
  const log = async (line: string) => {
    options.onLog?.(line);
    await appendFile(logFile, `${now().toISOString()} ${line}\n`);
  };
  const done: IterationState[] = [];
  let model = options.model;
  for (let k = 0; k < options.iterations; k++) {
    const state: IterationState = (await readIterationState(options.dir, k)) ?? { schema: 'metacot/star-iteration', version: 1, iteration: k, model, steps: {} };
    model = state.model;
    const results: StepContext['results'] = {};
    for (const step of LOOP_STEPS) {
      throwIfAborted(options.signal);
      const previous = state.steps[step];
      if (previous?.status === 'done') {
        results[step] = previous.result ?? {};
        await log(`iteration ${k} ${step}: done before, skipped`);
        continue;
      }
      const startedAt = now().toISOString();
      await log(`iteration ${k} ${step}: started${previous?.status === 'failed' ? ' (retry)' : ''}`);
      const lines: string[] = [];
      try {
        const result = await options.steps[step]({
          iteration: k,
          dir: iterationDir(options.dir, k),
          model,
          results,
          log: (line) => {
            lines.push(line);
            options.onLog?.(`iteration ${k} ${step}: ${line}`);
          },
          ...(options.signal ? { signal: options.signal } : {}),
        });
        results[step] = result;
        state.steps[step] = { status: 'done', startedAt, endedAt: now().toISOString(), result, error: null };
        await writeIterationState(options.dir, state);
        for (const line of lines) await appendFile(logFile, `${now().toISOString()} iteration ${k} ${step}: ${line}\n`);
        await log(`iteration ${k} ${step}: done ${JSON.stringify(result)}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        state.steps[step] = { status: 'failed', startedAt, endedAt: now().toISOString(), result: null, error: message };
        await writeIterationState(options.dir, state);
        await log(`iteration ${k} ${step}: failed: ${message}`);
        throw error;
      }
    }
    done.push(state);
    const trained = results.train?.model;
    if (trained && typeof trained === 'object') model = trained as Record<string, unknown>;
  }
  return { iterations: done };
}
