import { runSearchConformance } from './conformance.case.js';
import { SEARCH_ALGORITHMS } from './registry.js';
import { reachTargetPolicy, reachTargetProblem, reachTargetValue } from './test-support/reach-target.js';

// Every algorithm, on the toy task, with small settings so that the suite stays fast.
const SMALL: Record<string, Record<string, number | string | boolean>> = {
  'best-of-n': { n: 6 },
  majority: { n: 6 },
  beam: { breadth: 2 },
  mcts: { iterations: 12 },
};

for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
  runSearchConformance({
    algorithm,
    options: SMALL[name] ?? {},
    newProblem: () => reachTargetProblem({ target: 13, maxSteps: 8 }),
    newPolicy: () => reachTargetPolicy({ ops: ['+1', '*2', '+3'] }),
    newVerifier: () => reachTargetValue({ target: 13 }),
  });
}

runSearchConformance({
  name: 'mcts (puct, rollouts)',
  algorithm: SEARCH_ALGORITHMS.mcts!,
  options: { iterations: 10, variant: 'puct', rollouts: 2, rolloutDepth: 3 },
  newProblem: () => reachTargetProblem({ target: 13, maxSteps: 8 }),
  newPolicy: () => reachTargetPolicy({ ops: ['+1', '*2', '+3'], priors: { '+1': 0.2, '*2': 0.5, '+3': 0.3 } }),
  newVerifier: () => reachTargetValue({ target: 13 }),
});

runSearchConformance({
  name: 'majority (weighted)',
  algorithm: SEARCH_ALGORITHMS.majority!,
  options: { n: 6, weighted: true },
  bestBy: 'score',
  newProblem: () => reachTargetProblem({ target: 13, maxSteps: 8 }),
  newPolicy: () => reachTargetPolicy({ ops: ['+1', '*2', '+3'] }),
  newVerifier: () => reachTargetValue({ target: 13 }),
});

// Without an exact checker every judgement goes to the verifier, so its budget and batches are exercised too.
for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
  runSearchConformance({
    name: `${name} (no exact checker)`,
    algorithm,
    options: { ...SMALL[name], ...(name === 'majority' ? { weighted: true } : {}) },
    bestBy: 'score',
    seeds: [1],
    newProblem: () => reachTargetProblem({ target: 13, maxSteps: 8, exact: false }),
    newPolicy: () => reachTargetPolicy({ ops: ['+1', '*2', '+3'] }),
    newVerifier: () => reachTargetValue({ target: 13 }),
  });
}
