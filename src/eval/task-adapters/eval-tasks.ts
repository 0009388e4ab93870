import { InputError } from '../../core/errors.js';
import type { EvalTask } from '../eval-task.js';

/**
 * Every task `metacot eval` and `metacot score` know, loaded on demand (the math tasks
 * pull in the grader). Unknown names fail with the list of valid ones.
 */
const FACTORIES: Record<string, () => Promise<EvalTask>> = {
  game24: async () => (await import('./game24-eval-task.js')).game24EvalTask(),
  countdown: async () => (await import('./countdown-eval-task.js')).countdownEvalTask(),
  ...Object.fromEntries(
    (['math500', 'math', 'gsm8k', 'harp', 'harp-mcq', 'omni-math'] as const).map((name) => [
      name,
      async () => (await import('./math-datasets.js')).mathDatasetEvalTask(name),
    ]),
  ),
};

export function evalTaskNames(): string[] {
  return Object.keys(FACTORIES);
}

export async function resolveEvalTask(name: string, flag = '--task'): Promise<EvalTask> {
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (!factory) throw new InputError(`unknown ${flag} '${name}'; valid: ${evalTaskNames().join(', ')}`);
  return factory();
}
