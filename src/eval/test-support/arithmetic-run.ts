import type { EvalProblem } from '../eval-task.js';
import { buildRunConfig } from '../build-run-config.js';
import type { RunConfig, RunRecord } from '../run-schema.js';
import { selectProblems, shardProblems, type Shard } from '../select-problems.js';
import { arithmeticTask } from './arithmetic-task.js';

/** The config and problems of an arithmetic test run, as the eval command would build them. */
export async function arithmeticRunSetup(options: { count?: number; n?: number; shard?: Shard | null } = {}): Promise<{ config: RunConfig; problems: EvalProblem[]; task: ReturnType<typeof arithmeticTask> }> {
  const task = arithmeticTask(options.count ?? 12);
  const dataset = await task.load({});
  const selected = selectProblems(dataset.problems, {});
  const config = buildRunConfig({
    task: task.name,
    dataset,
    selected,
    selection: {},
    method: { model: 'guesser', search: 'best-of-n', options: { n: options.n ?? 8 }, verifier: 'noisy', budget: {} },
    seed: '7',
    shard: options.shard ?? null,
    command: ['eval', '--task', 'arithmetic'],
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  return { config, problems: shardProblems(selected, options.shard ?? null), task };
}

/** Records with wall-clock times zeroed: what must be equal between equivalent runs. */
export function comparable(records: readonly RunRecord[]): unknown {
  return records.map((r) => ({ ...r, usage: { ...r.usage, ms: 0 } }));
}
