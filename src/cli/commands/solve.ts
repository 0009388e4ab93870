import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { CliExit } from '../cli-io.js';
import { addBudgetOptions } from '../budget-options.js';
import { collect, numberOption, oneOf } from '../parse-options.js';
import { addModelOptions } from '../model-options.js';

import { SOLVE_FORMATS as FORMATS, SOLVE_TASKS as TASKS, type SolveFlags } from '../solve-flags.js';

export type { SolveFlags };

export function register(program: Command, io: CliIo): void {
  const command = program
    .command('solve')
    .description('Solve a Game of 24 / Countdown puzzle by search; prints the linearized search and the verified answer')
    .addHelpText('after', `
Exit codes: 0 a verified answer; 1 no verified answer (unsolved within the budget, or no
solution: a complete search tried every legal step); 2 bad input.

With the embedded model the default search is adaptive: one greedy in-context search, then
T=1 resamples (--search-opt resamples=N, 0-64, default 2), then a model-guided best-first
search over every legal step, stopping at the first verified answer. A puzzle no shipped
model was trained for (task, target, numbers) is solved with the symbolic policy, and the
output says so.`)
    .argument('<problem...>', 'the numbers, e.g. "4 9 10 13" (or a question, with a language model)')
    .option('--task <task>', `puzzle rules: ${TASKS.join(', ')} (countdown: integer results only)`, oneOf('--task', TASKS), 'game24')
    .addOption(numberOption('--target <n>', 'the number to reach (default 24)', { integer: true, min: 0, max: 1_000_000 }))
    .option('--model <model>', 'what proposes the steps: symbolic, embedded (the shipped model that fits the task and target), embedded:NAME, openai:NAME, gguf:PATH (default: the fitting embedded model, else symbolic)')
    .option('--base-url <urls>', 'base URL of an OpenAI-compatible server (with --model openai:NAME); several comma-separated replicas share the load')
    .option('--search <alg>', 'search algorithm or short spec (greedy, best-of-n, majority, beam, dfs, best-first, mcts, revision; bon-8, beam-4x4, mcts-32, astar); default best-first; with the embedded model: adaptive (default), in-context, bon-N (N in-context searches) or a tree search guided by the model over every legal step')
    .option('--search-opt <key=value>', 'a search option, repeatable (e.g. breadth=5)', collect, [] as string[])
    .option('--value <name>', 'value function for the symbolic policy: mult-heuristic, sum-heuristic, oracle-solvable', 'mult-heuristic')
    .option('--format <format>', `trace format: ${FORMATS.join(', ')}`, oneOf('--format', FORMATS), 'meta-cot')
    .option('--seed <seed>', 'random seed (same seed, same search)', '0')
    .option('--cache <path>', 'SQLite request cache for model calls')
    .option('--json', 'print one JSON object (answer, verified, search, model, usage, trace, tree)');
  addModelOptions(command);
  addBudgetOptions(command)
    .action(async (problem: string[], flags: SolveFlags) => {
      const { solveFromFlags } = await import('../solve.js');
      const outcome = await solveFromFlags(problem.join(' '), flags);
      if (flags.json) {
        io.stdout(`${JSON.stringify(outcome.json)}\n`);
      } else {
        io.stdout(outcome.text);
      }
      if (!outcome.json.verified) throw new CliExit(1);
    });
}
