import type { BudgetTracker } from './budget.js';
import type { EventSink } from './events.js';
import type { Json } from './json.js';
import type { Random } from './random.js';
import type { Usage } from './usage.js';

/**
 * The reasoning MDP as interfaces. A state is the question plus the steps
 * so far; a policy proposes next steps; a verifier scores states. States must be plain
 * JSON (they are written into traces). Search algorithms know only these interfaces.
 */

/** What every search call receives: randomness, budget, cancellation, events. */
export interface SearchContext {
  readonly random: Random;
  readonly budget: BudgetTracker;
  readonly signal?: AbortSignal;
  readonly emit: EventSink;
}

/** One proposed step and the state it leads to. */
export interface Step<S> {
  text: string;
  /** The structured action for symbolic tasks (e.g. `{a: 13, op: '-', b: 9}`). */
  action?: Json;
  state: S;
  /** Tokens this proposal cost (policy calls are counted by the search, one per propose). */
  cost?: Partial<Usage>;
  /** The policy's own prior for this step (e.g. a normalised sequence probability). */
  prior?: number;
  logprob?: number;
}

export interface Policy<S> {
  /** Names what proposes steps, e.g. `symbolic`, `embedded:game24-sos`, `openai:qwen2.5`. */
  readonly id: string;
  /**
   * Up to `count` next steps from `state` (`Infinity`: all the policy can enumerate).
   * Sampling policies may return repeats; an empty list means the state is a dead end.
   */
  propose(state: S, count: number, ctx: SearchContext): Promise<Step<S>[]>;
}

export interface Verifier<S> {
  readonly id: string;
  /** 'outcome' judges finished solutions; 'process' also judges partial ones. */
  readonly kind: 'outcome' | 'process';
  /** One score in [0,1] per state, in order. One call of `score` may batch many states. */
  score(states: readonly S[], ctx: SearchContext): Promise<number[]>;
}

/** One problem as a search sees it: the start state and the rules of the end. */
export interface SearchProblem<S> {
  readonly id: string;
  /** e.g. `game24`, `countdown`, `math500`. */
  readonly task: string;
  /** The problem as text (what a model is shown). */
  readonly prompt: string;
  /** The structured input, when there is one (e.g. the four numbers). */
  readonly input?: Json;
  initialState(): S;
  isTerminal(state: S): boolean;
  /** The final answer a (terminal) state states, or null. */
  answer(state: S): string | null;
  /**
   * An exact check that needs no hidden gold answer (Game of 24: the expression uses each
   * number once and equals 24). Absent for tasks whose answers only a gold label can judge.
   */
  verify?(state: S): boolean;
  /** A canonical key for states that are the same up to order (for de-duplication). */
  key?(state: S): string;
  /**
   * Groups final answers that mean the same for a majority vote (e.g. `0.5` and `1/2`);
   * answers with equal keys count as one. Absent: exact string equality.
   */
  answerKey?(answer: string): string;
}
