import type { Policy, SearchContext, SearchProblem, Step, Verifier } from '../../core/reasoning.js';
import { shuffled } from '../../core/random.js';

/**
 * A hand-written search space for tests that must show one algorithm's exact behaviour:
 * states are names, `children` lists each state's successors (a state without an entry
 * is terminal; an empty list is a dead end), `values` the verifier's score per state.
 */
export interface ScriptedTree {
  children: Record<string, readonly string[]>;
  values?: Record<string, number>;
  /** Terminal states that pass the exact checker. Without it the problem has no checker. */
  solutions?: readonly string[];
  /** The answer a terminal state states (default: its name). */
  answers?: Record<string, string>;
  priors?: Record<string, number>;
  answerKey?: (answer: string) => string;
}

export function scriptedProblem(t: ScriptedTree): SearchProblem<string> {
  return {
    id: 'scripted',
    task: 'scripted',
    prompt: 'a scripted tree',
    initialState: () => 'root',
    isTerminal: (s) => !Object.hasOwn(t.children, s),
    answer: (s) => t.answers?.[s] ?? s,
    ...(t.solutions ? { verify: (s: string) => t.solutions!.includes(s) } : {}),
    key: (s) => s,
    ...(t.answerKey ? { answerKey: t.answerKey } : {}),
  };
}

export interface ScriptedPolicy extends Policy<string> {
  readonly calls: { state: string; count: number }[];
}

/** All children in order when asked for as many; a seeded sample when asked for fewer. */
export function scriptedPolicy(t: ScriptedTree): ScriptedPolicy {
  const calls: { state: string; count: number }[] = [];
  return {
    id: 'scripted',
    calls,
    async propose(state: string, count: number, ctx: SearchContext): Promise<Step<string>[]> {
      calls.push({ state, count });
      const all = t.children[state] ?? [];
      const chosen = count >= all.length ? all : shuffled(all, ctx.random).slice(0, count);
      return chosen.map((next) => ({
        text: `go to ${next}`,
        state: next,
        cost: { tokensIn: 1, tokensOut: 2 },
        ...(t.priors?.[next] !== undefined ? { prior: t.priors[next] } : {}),
      }));
    },
  };
}

export interface ScriptedVerifier extends Verifier<string> {
  readonly scored: string[];
}

export function scriptedVerifier(t: ScriptedTree): ScriptedVerifier {
  const scored: string[] = [];
  return {
    id: 'scripted',
    kind: 'process',
    scored,
    async score(states: readonly string[]): Promise<number[]> {
      scored.push(...states);
      return states.map((s) => t.values?.[s] ?? 0);
    },
  };
}
