import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';

/** The steps of one Meta-STaR iteration, in order. */
export const LOOP_STEPS = ['generate', 'export', 'train', 'evaluate'] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];

const stepRecord = z.object({
  status: z.enum(['done', 'failed']),
  startedAt: z.string(),
  endedAt: z.string(),
  /** What the step reported (counts, paths, accuracy). */
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
});

export const iterationStateSchema = z.object({
  schema: z.literal('metacot/star-iteration'),
  version: z.literal(1),
  iteration: z.number().int().nonnegative(),
  /** The model this iteration generates with (the previous iteration's, or the base model). */
  model: z.record(z.string(), z.unknown()),
  steps: z.record(z.string(), stepRecord),
});

export type StepRecord = z.infer<typeof stepRecord>;
export type IterationState = z.infer<typeof iterationStateSchema>;

export const STATE_FILE = 'state.json';

export function iterationDir(root: string, iteration: number): string {
  return join(root, `iter-${iteration}`);
}

/** Reads an iteration's state file, or null when the iteration has not started. */
export async function readIterationState(root: string, iteration: number): Promise<IterationState | null> {
  const file = join(iterationDir(root, iteration), STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: malformed JSON (${(error as Error).message}); delete it to redo the iteration`);
  }
  const parsed = iterationStateSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${file}: not a STaR iteration state (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message})`);
  return parsed.data;
}

/** Writes the state atomically (write, then rename), so a kill never leaves half a file. */
export async function writeIterationState(root: string, state: IterationState): Promise<void> {
  const file = join(iterationDir(root, state.iteration), STATE_FILE);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, file);
}
