import type { Policy, Verifier } from '../core/reasoning.js';
import { InputError } from '../core/errors.js';
import type { ArithRules, ArithState } from '../tasks/arith/arith-state.js';
import { multHeuristicValue, oracleSolvableValue, sumHeuristicValue } from '../tasks/arith/arith-values.js';
import { randomRolloutPolicy, symbolicPolicy } from '../policies/symbolic-policy.js';

/** Value functions the symbolic solver can search with (the oracle only for analysis). */
export const SYMBOLIC_VALUES = ['mult-heuristic', 'sum-heuristic', 'oracle-solvable'] as const;
export type SymbolicValueName = (typeof SYMBOLIC_VALUES)[number];

/** Searches that sample whole rollouts draw one random step at a time; the others enumerate. */
const SAMPLING_SEARCHES = new Set(['best-of-n', 'majority']);

export function symbolicPolicyFor(searchName: string, rules: ArithRules): Policy<ArithState> {
  return SAMPLING_SEARCHES.has(searchName)
    ? randomRolloutPolicy({ rules, id: 'symbolic' })
    : symbolicPolicy({ rules, id: 'symbolic' });
}

export function symbolicValue(name: string, rules: ArithRules): Verifier<ArithState> {
  switch (name) {
    case 'mult-heuristic': return multHeuristicValue();
    case 'sum-heuristic': return sumHeuristicValue();
    case 'oracle-solvable': return oracleSolvableValue({ rules });
    default: throw new InputError(`unknown --value '${name}'; valid: ${SYMBOLIC_VALUES.join(', ')}`);
  }
}
