import { throwIfAborted } from '../../core/errors.js';
import type { Policy, SearchContext, SearchProblem, Step, Verifier } from '../../core/reasoning.js';
import { checkAnswer } from '../../tasks/arith/check-answer.js';
import { fromInteger } from '../../tasks/arith/rational.js';
import type { EmbeddedModel } from '../model/embedded-model.js';
import { apply, boardKey, createBoard, formatFrac, isWin, leftText, parseFrac, play, type Board, type Op } from './arith-board.js';
import { scoreContinuations, type Continuation } from './continuation-scores.js';
import { promptFor, resultText } from './tool-trace.js';

/**
 * A puzzle state for model-guided search: the numbers left (as the tool prints them), the
 * expression each stands for, and the lines of the path that reached it, in the trace
 * format the model was trained to read.
 */
export interface GuidedState {
  numbers: number[];
  target: number;
  integer: boolean;
  left: string[];
  exprs: string[];
  /** Path lines, each `a op b = r (left: ...) value 1\n`. */
  lines: string[];
}

export function boardOfState(state: GuidedState): Board {
  return { target: state.target, integer: state.integer, nums: state.left.map((t) => parseFrac(t)!), exprs: [...state.exprs] };
}

/**
 * The puzzle as a search problem over guided states. Its key is the multiset of numbers
 * left, so a search that de-duplicates treats transpositions as one state; the final
 * answer is checked by the task's answer checker.
 */
export function guidedProblem(numbers: readonly number[], target: number, integer: boolean): SearchProblem<GuidedState> {
  const start = createBoard(numbers, target, integer);
  const rules = integer ? 'integer' : 'rational';
  const task = integer ? 'countdown' : 'game24';
  return {
    id: `${task}:${numbers.join('-')}:${target}`,
    task,
    prompt: promptFor(numbers, target).trim(),
    input: { numbers: [...numbers], target, rules },
    initialState: () => ({ numbers: [...numbers], target, integer, left: start.nums.map(formatFrac), exprs: [...start.exprs], lines: [] }),
    isTerminal: (s) => s.left.length <= 1 || legalSteps(boardOfState(s)).length === 0,
    answer: (s) => (s.left.length === 1 ? `${s.exprs[0]} = ${target}` : null),
    verify: (s) => s.left.length === 1 && isWin(boardOfState(s)) && checkAnswer(s.exprs[0]!, numbers.map(fromInteger), target, { rules }).ok,
    key: (s) => boardKey(boardOfState(s)),
  };
}

/** One legal step, with every way the model may write it (operand orders that give the same numbers). */
interface LegalStep {
  writings: { a: string; op: Op; b: string }[];
  next: Board;
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
      const writing = { a: formatFrac(x), op, b: formatFrac(y) };
      const key = boardKey(next);
      const known = byKey.get(key);
      if (known) {
        if (!known.writings.some((w) => w.a === writing.a && w.op === op && w.b === writing.b)) known.writings.push(writing);
        continue;
      }
      const result = apply(x, op, y, board.integer)!;
      byKey.set(key, { writings: [writing], next, line: `${writing.a} ${op} ${writing.b} =${resultText({ result, next })}` });
    }
  }));
  return [...byKey.values()];
}

export interface ModelGuide {
  readonly policy: Policy<GuidedState>;
  readonly verifier: Verifier<GuidedState>;
  readonly problem: SearchProblem<GuidedState>;
  /** Token positions the model processed so far (prefixes, choices and tool text it read). */
  processed(): number;
  /** States the model scored (expansions it was asked about). */
  expansions(): number;
}

export interface ModelGuideOptions {
  integer?: boolean;
  /** Prior temperature: priors ∝ p^(1/T) (1: the model's own distribution). */
  priorTemperature?: number;
}

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
  const problem = guidedProblem(numbers, target, integer);
  const { tokenizer, decoder } = model;
  const one = tokenizer.id(' 1');
  const zero = tokenizer.id(' 0');
  if (one === undefined || zero === undefined) throw new RangeError(`${model.id} does not write values ('value 1' / 'value 0'): model-guided search needs a meta-cot model`);
  const valueIds = tokenizer.encode(' value');
  const promptIds = tokenizer.encode(promptFor(numbers, target));
  const values = new Map<string, number>();
  const priorT = options.priorTemperature ?? 1;
  let processed = 0;
  let expansions = 0;

  const policy: Policy<GuidedState> = {
    id: `${model.id}:guided`,
    async propose(state, count, ctx: SearchContext): Promise<Step<GuidedState>[]> {
      throwIfAborted(ctx.signal);
      const board = boardOfState(state);
      const steps = legalSteps(board);
      const children = steps.map((s) => childState(state, s));
      // Last steps are checked by the task for free: the model is not asked about them.
      if (state.left.length <= 2) return children.map((child, k) => ({ text: steps[k]!.line, state: child, prior: 1 / steps.length }));
      const prefix = [...promptIds, ...tokenizer.encode(state.lines.join(''))];
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
      const out: Step<GuidedState>[] = steps.map((s, k) => {
        const child = children[k]!;
        const logits = scores[owner.indexOf(k)]!.logits;
        if (logits && child.left.length > 1) {
          const p1 = Math.exp(logits[one]!);
          const p0 = Math.exp(logits[zero]!);
          values.set(problem.key!(child), p1 / Math.max(1e-30, p0 + p1));
        }
        const prior = Math.exp(logPrior[k]! - norm);
        return { text: s.line, state: child, prior, logprob: logPrior[k]!, cost: { tokensIn: 0 } };
      });
      // The whole pass is charged to the first step (one policy call processed these tokens).
      if (out[0]) out[0].cost = { tokensIn: cost };
      // Likelier steps first: searches that break ties by order follow the model.
      return out.sort((x, y) => y.prior! - x.prior!).slice(0, Number.isFinite(count) && count > 0 ? count : out.length);
    },
  };

  const verifier: Verifier<GuidedState> = {
    id: `${model.id}:value`,
    kind: 'process',
    async score(states) {
      return states.map((s) => {
        if (s.left.length === 1) return isWin(boardOfState(s)) ? 1 : 0;
        // Values come with the step that reached a state; a state reached otherwise (the start) is neutral.
        return values.get(problem.key!(s)) ?? 0.5;
      });
    },
  };

  return { policy, verifier, problem, processed: () => processed, expansions: () => expansions };
}

function childState(state: GuidedState, step: LegalStep): GuidedState {
  return {
    ...state,
    left: leftText(step.next).split(' '),
    exprs: [...step.next.exprs],
    lines: [...state.lines, `${step.line} value 1\n`],
  };
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
