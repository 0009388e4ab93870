import { InputError } from '../core/errors.js';
import type { EvalTask, Solver, SolverSpec } from './eval-task.js';

/**
 * A Solver for `task`: the task's own (`createSolver`, for per-problem model setups), or
 * its policy and verifier for `--model` / `--verifier` run by `search` with its resolved
 * options. The method is built once and shared by all problems (policies and verifiers
 * keep no per-problem state; per-problem randomness comes from the context).
 */
export async function buildSolver(task: EvalTask, spec: SolverSpec): Promise<Solver> {
  if (task.createSolver) return task.createSolver(spec);
  const searchProblem = task.searchProblem?.bind(task);
  if (!searchProblem || !task.method) {
    throw new InputError(`task '${task.name}' can be scored (metacot score --task ${task.name} --samples F) but not run by metacot eval yet`);
  }
  const method = await task.method(spec);
  return async (problem, ctx) => {
    const result = await spec.search.run(searchProblem(problem), method.policy, method.verifier, spec.options, ctx);
    return result.tree;
  };
}
