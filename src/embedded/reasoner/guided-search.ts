import { throwIfAborted } from '../../core/errors.js';
import type { Policy, SearchContext, Step, Verifier } from '../../core/reasoning.js';
import { createArithProblem, type ArithProblem } from '../../tasks/arith/arith-problem.js';
import type { ArithState } from '../../tasks/arith/arith-state.js';
import type { EmbeddedModel } from '../model/embedded-model.js';
import { applyOperation, boardKey, play, type Board } from '../../linearize/tool-trace/board.js';
import type { ArithOp } from '../../tasks/arith/arith-state.js';
import { compare, formatRational, type Rational } from '../../tasks/arith/rational.js';
import { scoreContinuations, type Continuation } from './continuation-scores.js';
import { promptFor, resultText } from '../../linearize/tool-trace/tool-trace.js';

/** A board (the tool's sorted view) of an arithmetic state. */
export function boardOfState(state: ArithState, integer: boolean): Board {
  return sortedBoard({ target: state.target, integer, nums: state.nums.map((r) => [r[0], r[1]]), exprs: [...state.exprs] });
}

function sortedBoard(board: Board): Board {
  const order = board.nums.map((_, i) => i).sort((i, j) => compare(board.nums[i]!, board.nums[j]!) || i - j);
  return { ...board, nums: order.map((i) => board.nums[i]!), exprs: order.map((i) => board.exprs[i]!) };
}

function stateOfBoard(board: Board): ArithState {
  return { target: board.target, nums: board.nums.map((f) => [f[0], f[1]]), exprs: [...board.exprs] };
}

/** One legal step, with every way the model may write it (operand orders that give the same numbers). */
interface LegalStep {
  writings: { a: string; op: ArithOp; b: string }[];
  next: Board;
  result: Rational;
  line: string;
}

/**
 * Every legal step from a board, grouped by the numbers it leaves: the constrained decoder
 * offers the model any order of operands, and `4 + 10` and `10 + 4` are one step.
 */
export function legalSteps(board: Board): LegalStep[] {
  const byKey = new Map<string, LegalStep>();
  board.nums.forEach((x, i) => board.nums.forEach((y, j) => {
    if (i === j) return;
    for (const op of ['+', '-', '*', '/'] as const) {
      const next = play(board, x, op, y);
      if (!next) continue;
      const writing = { a: formatRational(x), op, b: formatRational(y) };
      const key = boardKey(next);
      const known = byKey.get(key);
      if (known) {
        if (!known.writings.some((w) => w.a === writing.a && w.op === op && w.b === writing.b)) known.writings.push(writing);
        continue;
      }
      const result = applyOperation(x, op, y, board.integer)!;
      byKey.set(key, { writings: [writing], next, result, line: `${writing.a} ${op} ${writing.b} =${resultText({ result, next })}` });
    }
  }));
  return [...byKey.values()];
}

export interface ModelGuide {
  readonly policy: Policy<ArithState>;
  readonly verifier: Verifier<ArithState>;
  /** The task's own problem (numbers, target, rules, answer checker). */
  readonly problem: ArithProblem;
  /** Token positions the model processed so far (prefixes, choices and tool text it read). */
  processed(): number;
  /** States the model scored (expansions it was asked about). */
  expansions(): number;
}

export interface ModelGuideOptions {
  integer?: boolean;
  /** Prior temperature: priors ∝ p^(1/T) (1: the model's own distribution). */
  priorTemperature?: number;
  /**
   * What the model reads before a state's steps: `path` (default), the lines that reached
   * it; `pruned-siblings`, also, at each depth, the likelier steps it valued 0 there,
   * written as the pruned tries of an in-context search.
   */
  context?: 'path' | 'pruned-siblings';
}

/** Pruned tries written before a step at most (each costs about 13 tokens of context). */
const MAX_PRUNED_LINES = 4;

/**
 * Model-guided search over every legal step. At each state the task enumerates all legal
 * steps, and the model scores them in one batched pass over the shared path prefix: the
 * prior of a step is the probability it gives the step's tokens (summed over the ways to
 * write it), and the value of the state it leads to is its own `P(value 1)` after reading
 * the result the task computed, as in its in-context searches. No step is ever dropped, so
 * a search that expands every state it reaches is complete: exhausting it proves there is
 * no solution. Priors and values are cached per state (equal multisets are one state).
 */
export function modelGuide(model: EmbeddedModel, numbers: readonly number[], target: number, options: ModelGuideOptions = {}): ModelGuide {
  const integer = options.integer ?? false;
  const problem = createArithProblem({ numbers, target, rules: integer ? 'integer' : 'rational' });
  const key = problem.key!;
  const { tokenizer, decoder } = model;
  const one = tokenizer.id(' 1');
  const zero = tokenizer.id(' 0');
  if (one === undefined || zero === undefined) throw new RangeError(`${model.id} does not write values ('value 1' / 'value 0'): model-guided search needs a meta-cot model`);
  const valueIds = tokenizer.encode(' value');
  const promptIds = tokenizer.encode(promptFor(numbers, target));
  const values = new Map<string, number>();
  /** The path lines that first reached each state (its context), by state key. */
  const contexts = new Map<string, string>([[key(problem.initialState()), '']]);
  const priorT = options.priorTemperature ?? 1;
  const contextMode = options.context ?? 'path';
  let processed = 0;
  let expansions = 0;

  const policy: Policy<ArithState> = {
    id: `${model.id}:guided`,
    async propose(state, count, ctx: SearchContext): Promise<Step<ArithState>[]> {
      throwIfAborted(ctx.signal);
      const board = boardOfState(state, integer);
      const steps = legalSteps(board);
      const lines = contexts.get(key(state)) ?? '';
      const children = steps.map((s) => stateOfBoard(s.next));
      const asStep = (k: number, prior: number, logprob?: number): Step<ArithState> => {
        const s = steps[k]!;
        const w = s.writings[0]!;
        return {
          text: s.line, state: children[k]!, prior, ...(logprob !== undefined ? { logprob } : {}),
          action: { a: jsonNumber(w.a), op: w.op, b: jsonNumber(w.b), result: jsonNumber(formatRational(s.result)) },
        };
      };
      // Last steps are checked by the task for free: the model is not asked about them.
      if (state.nums.length <= 2) return steps.map((_, k) => asStep(k, 1 / steps.length));
      const prefix = [...promptIds, ...tokenizer.encode(lines)];
      const conts: Continuation[] = [];
      const owner: number[] = [];
      steps.forEach((s, k) => {
        const tail = [...tokenizer.encodeLenient(s.line.slice(s.line.indexOf(' =') + 2)), ...valueIds];
        for (const w of s.writings) {
          conts.push({ choice: tokenizer.encode(`${w.a} ${w.op} ${w.b}`), forced: [...tokenizer.encode(' ='), ...tail] });
          owner.push(k);
        }
      });
      // The value is read after the likelier writing only; the others cost their choice tokens.
      const first = new Set(steps.map((_, k) => owner.indexOf(k)));
      const { scores, processed: cost } = scoreContinuations(decoder, prefix, conts, { withLogits: (i) => first.has(i), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      processed += cost;
      expansions += 1;
      const logPrior = steps.map(() => -Infinity);
      scores.forEach((s, i) => {
        const k = owner[i]!;
        logPrior[k] = logAdd(logPrior[k]!, s.logprob / priorT);
      });
      const norm = logPrior.reduce((a, b) => logAdd(a, b), -Infinity);
      const out: Step<ArithState>[] = steps.map((_, k) => {
        const child = children[k]!;
        const logits = scores[owner.indexOf(k)]!.logits;
        if (logits && child.nums.length > 1) {
          const p1 = Math.exp(logits[one]!);
          const p0 = Math.exp(logits[zero]!);
          values.set(key(child), p1 / Math.max(1e-30, p0 + p1));
        }
        return asStep(k, Math.exp(logPrior[k]! - norm), logPrior[k]!);
      });
      // Each child's context: the path to it, in the format the model was trained to read.
      // With `pruned-siblings`, the steps it would have tried first (likelier) and valued 0
      // stand before it as pruned lines, as in its own in-context searches.
      const order = steps.map((_, k) => k).sort((x, y) => logPrior[y]! - logPrior[x]!);
      const pruned: string[] = [];
      for (const k of order) {
        const childKey = key(children[k]!);
        const before = contextMode === 'pruned-siblings' ? pruned.slice(-MAX_PRUNED_LINES).join('') : '';
        if (!contexts.has(childKey)) contexts.set(childKey, `${lines}${before}${steps[k]!.line} value 1\n`);
        if ((values.get(childKey) ?? 1) < 0.5) pruned.push(`${steps[k]!.line} value 0\n`);
      }
      // The whole pass is charged to the first step (one policy call processed these tokens).
      if (out[0]) out[0].cost = { tokensIn: cost };
      // Likelier steps first: searches that break ties by order follow the model.
      return out.sort((x, y) => y.prior! - x.prior!).slice(0, Number.isFinite(count) && count > 0 ? count : out.length);
    },
  };

  const verifier: Verifier<ArithState> = {
    id: `${model.id}:value`,
    kind: 'process',
    async score(states) {
      return states.map((s) => {
        if (s.nums.length === 1) return problem.verify!(s) ? 1 : 0;
        // Values come with the step that reached a state; a state reached otherwise (the start) is neutral.
        return values.get(key(s)) ?? 0.5;
      });
    },
  };

  return { policy, verifier, problem, processed: () => processed, expansions: () => expansions };
}

/** A number as a step's structured action holds it: an integer, or `"p/q"`. */
function jsonNumber(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
