import { multHeuristicValue, randomRolloutPolicy, symbolicPolicy } from '../tasks/index.js';
import { game24FromNumbers } from '../tasks/game24/game24-problem.js';
import { runSearchConformance } from './conformance.case.js';
import { SEARCH_ALGORITHMS } from './registry.js';

// The same suite on Game of 24 with the symbolic policy and the heuristic value, small
// settings so it stays fast. Rollout-based searches sample with the random rollout policy.
const SMALL: Record<string, Record<string, number>> = {
  'best-of-n': { n: 8 },
  majority: { n: 8 },
  beam: { breadth: 3 },
  mcts: { iterations: 10 },
  dfs: { threshold: 0.2 },
};
const ROLLOUTS = new Set(['best-of-n', 'majority']);

for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
  runSearchConformance({
    name: `${name} on Game of 24`,
    algorithm,
    options: SMALL[name] ?? {},
    seeds: [1, 2],
    newProblem: () => game24FromNumbers('4 9 10 13'),
    newPolicy: () => (ROLLOUTS.has(name) ? randomRolloutPolicy({ rules: 'rational' }) : symbolicPolicy({ rules: 'rational' })),
    newVerifier: () => multHeuristicValue(),
  });
}
