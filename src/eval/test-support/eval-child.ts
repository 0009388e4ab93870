/**
 * A child process for the kill -9 test: runs the arithmetic evaluation into the folder
 * given as argv[2], slowly (one problem per `argv[3]` ms), until it is killed.
 */
import { runEval } from '../run-eval.js';
import { arithmeticRunSetup } from './arithmetic-run.js';
import { bestOfNSolver } from './arithmetic-task.js';

const dir = process.argv[2]!;
const delay = Number(process.argv[3] ?? 20);
const { config, problems, task } = await arithmeticRunSetup({ count: 40 });
await runEval({
  dir, config, task, problems, concurrency: 2,
  solve: bestOfNSolver(8, () => new Promise((resolve) => setTimeout(resolve, delay))),
});
