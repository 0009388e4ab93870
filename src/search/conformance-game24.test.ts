import { runSearchConformance } from './conformance.case.js';
import { SEARCH_ALGORITHMS } from './registry.js';
import { createArithProblem } from '../tasks/arith/arith-problem.js';
import { multHeuristicValue } from '../tasks/arith/arith-values.js';
import { randomRolloutPolicy, symbolicPolicy } from '../policies/symbolic-policy.js';

// The same conformance suite on a real task: Game of 24 with the symbolic policies and the
// mult heuristic. Sampling searches draw random rollouts; the others enumerate legal steps.
const SMALL: Record<string, Record<string, number | string | boolean>> = {
  'best-of-n': { n: 6 },
  majority: { n: 6 },
  beam: { breadth: 3 },
  mcts: { iterations: 16 },
};
const SAMPLING = new Set(['best-of-n', 'majority']);

for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
  runSearchConformance({
    name: `${name} on Game of 24`,
    algorithm,
    options: SMALL[name] ?? {},
    bestBy: name === 'majority' ? 'vote' : 'score',
    seeds: [1, 2],
    newProblem: () => createArithProblem({ numbers: [4, 9, 10, 13], target: 24, rules: 'rational' }),
    newPolicy: () => (SAMPLING.has(name) ? randomRolloutPolicy({ rules: 'rational' }) : symbolicPolicy({ rules: 'rational' })),
    newVerifier: () => multHeuristicValue(),
  });
}
