import { throwIfAborted } from '../../core/errors.js';
import type { Policy, SearchContext, SearchProblem, Step, Verifier } from '../../core/reasoning.js';
import { shuffled } from '../../core/random.js';

/**
 * A toy task for search tests: start at `start` and reach `target` by steps `+1`, `*2`
 * (and `+3` when enabled). Overshooting or running out of steps ends the episode with
 * a wrong answer, so rollouts give varied answers; the exact checker is `n === target`.
 */
export interface ReachState {
  n: number;
  ops: string[];
}

export interface ReachTargetOptions {
  target: number;
  start?: number;
  maxSteps?: number;
  answerKey?: (answer: string) => string;
  /** Without the exact checker every judgement falls to the verifier (default: with). */
  exact?: boolean;
}

export function reachTargetProblem(o: ReachTargetOptions): SearchProblem<ReachState> {
  const start = o.start ?? 1, maxSteps = o.maxSteps ?? 10;
  return {
    id: `reach-${start}-${o.target}`,
    task: 'reach-target',
    prompt: `Reach ${o.target} from ${start} with +1 and *2.`,
    input: { start, target: o.target },
    initialState: () => ({ n: start, ops: [] }),
    isTerminal: (s) => s.n >= o.target || s.ops.length >= maxSteps,
    answer: (s) => String(s.n),
    ...(o.exact === false ? {} : { verify: (s: ReachState) => s.n === o.target }),
    key: (s) => String(s.n),
    ...(o.answerKey ? { answerKey: o.answerKey } : {}),
  };
}

export const REACH_OPS = ['+1', '*2', '+3'] as const;
export type ReachOp = (typeof REACH_OPS)[number];

function apply(n: number, op: ReachOp): number {
  return op === '+1' ? n + 1 : op === '*2' ? n * 2 : n + 3;
}

export interface ReachPolicy extends Policy<ReachState> {
  /** Every call: the state's number and the count asked for. */
  readonly calls: { n: number; count: number }[];
}

export interface ReachPolicyOptions {
  ops?: readonly ReachOp[];
  /** Wait this long per call (honouring the signal), to make runs abortable mid-call. */
  delayMs?: number;
  /** Fixed priors per op (for PUCT tests). */
  priors?: Partial<Record<ReachOp, number>>;
}

/**
 * Enumerates the legal steps in a fixed order when asked for all of them, and samples
 * without replacement (from ctx.random, before any wait) when asked for fewer.
 */
export function reachTargetPolicy(o: ReachPolicyOptions = {}): ReachPolicy {
  const ops = o.ops ?? ['+1', '*2'];
  const calls: { n: number; count: number }[] = [];
  return {
    id: 'reach-symbolic',
    calls,
    async propose(state: ReachState, count: number, ctx: SearchContext): Promise<Step<ReachState>[]> {
      calls.push({ n: state.n, count });
      const chosen = count >= ops.length ? ops : shuffled(ops, ctx.random).slice(0, count);
      if (o.delayMs) await sleep(o.delayMs, ctx.signal);
      throwIfAborted(ctx.signal);
      return chosen.map((op) => {
        const m = apply(state.n, op);
        const text = `${state.n} ${op[0]} ${op.slice(1)} = ${m}`;
        const step: Step<ReachState> = { text, action: { op }, state: { n: m, ops: [...state.ops, op] }, cost: { tokensIn: 3, tokensOut: text.length } };
        if (o.priors?.[op] !== undefined) step.prior = o.priors[op];
        return step;
      });
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(new DOMException('aborted', 'AbortError')); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A deterministic pseudo-noise in [0,1) per number (not from ctx.random, so scoring order does not matter). */
function noiseOf(n: number, salt: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ salt;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export interface ReachVerifier extends Verifier<ReachState> {
  /** The size of every batch scored. */
  readonly batches: number[];
}

/**
 * A process value: 1 at the target, 0 past it, else how close n is on a log scale,
 * blended with `noise` (0..1) of deterministic pseudo-noise, like a heuristic that is
 * right on average but wrong in places.
 */
export function reachTargetValue(o: { target: number; noise?: number; salt?: number }): ReachVerifier {
  const noise = o.noise ?? 0.2, salt = o.salt ?? 7;
  const batches: number[] = [];
  return {
    id: 'reach-value',
    kind: 'process',
    batches,
    async score(states: readonly ReachState[]): Promise<number[]> {
      batches.push(states.length);
      return states.map(({ n }) => {
        if (n === o.target) return 1;
        if (n > o.target) return 0;
        const closeness = Math.log2(n + 1) / Math.log2(o.target + 1);
        return (1 - noise) * closeness + noise * noiseOf(n, salt);
      });
    },
  };
}
