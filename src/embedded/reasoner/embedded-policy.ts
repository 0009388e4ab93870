import type { Policy, SearchContext, SearchProblem, Step, Verifier } from '../../core/reasoning.js';
import { throwIfAborted } from '../../core/errors.js';
import { logSoftmax } from '../model/decoder.js';
import type { EmbeddedModel } from '../model/embedded-model.js';
import { checkAnswer } from '../../tasks/arith/check-answer.js';
import { formatRational, fromInteger, parseRational } from '../../tasks/arith/rational.js';
import { formatNumbers, reachesTarget, type ArithOp } from '../../tasks/arith/arith-state.js';
import { applyOperation, createBoard, play, type Board } from '../../linearize/tool-trace/board.js';
import { ArithTool } from '../../linearize/tool-trace/tool-trace-decoder.js';
import { promptFor, resultText } from '../../linearize/tool-trace/tool-trace.js';

/**
 * A puzzle state as the embedded model sees it: the lines of the path so far, in its own
 * trace format, so that a tree search can ask the model for next steps (policy) and for
 * the value it would write (verifier) in the context it was trained on.
 */
export interface PathState {
  numbers: number[];
  target: number;
  /** Path lines, each `a op b = r (left: ...) value 1\n`. */
  lines: string[];
  left: string[];
  exprs: string[];
}

function boardOf(state: PathState): Board {
  const board = createBoard([], state.target);
  return { ...board, nums: state.left.map((t) => parseRational(t)!), exprs: [...state.exprs] };
}

export function pathProblem(numbers: readonly number[], target = 24): SearchProblem<PathState> {
  const start = createBoard(numbers, target);
  return {
    id: `game24:${numbers.join('-')}:${target}`,
    task: 'game24',
    prompt: promptFor(numbers, target).trim(),
    input: { numbers: [...numbers], target, rules: 'rational' },
    initialState: () => ({ numbers: [...numbers], target, lines: [], left: start.nums.map(formatRational), exprs: [...start.exprs] }),
    isTerminal: (s) => s.left.length <= 1,
    answer: (s) => (s.left.length === 1 ? `${s.exprs[0]} = ${target}` : null),
    verify: (s) => s.left.length === 1 && reachesTarget(boardOf(s)) && checkAnswer(s.exprs[0]!, numbers.map(fromInteger), target, { rules: 'rational' }).ok,
    key: (s) => s.left.join(' '),
  };
}

function contextOf(state: PathState): string {
  return promptFor(state.numbers, state.target) + state.lines.join('');
}

/** Proposes next operations by sampling the model's next line (up to `=`); the task computes each. */
export function embeddedPolicy(model: EmbeddedModel, options: { temperature?: number } = {}): Policy<PathState> {
  let calls = 0;
  return {
    id: model.id,
    async propose(state, count, ctx: SearchContext): Promise<Step<PathState>[]> {
      throwIfAborted(ctx.signal);
      const n = Number.isFinite(count) ? count : 8;
      const board = boardOf(state);
      const samples = await model.sample({
        prompt: contextOf(state), n, temperature: options.temperature ?? 1, maxTokens: 6,
        seed: `${ctx.random.seed}:${calls++}`, stop: ['=', '\n', 'back'],
        // Only legal operations on the numbers left (the model picks which).
        tool: () => {
          const tool = new ArithTool(board, true);
          return { afterToken: () => null, allowed: (text: string) => (tool.allowed(text) ?? []).filter((t) => t !== 'back') };
        },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      const steps: Step<PathState>[] = [];
      const seen = new Set<string>();
      for (const s of samples) {
        const m = /^(\d+(?:\/\d+)?) ([-+*/]) (\d+(?:\/\d+)?) $/.exec(s.text);
        const a = m ? parseRational(m[1]!) : null;
        const b = m ? parseRational(m[3]!) : null;
        const next = a && b ? play(board, a, m![2] as ArithOp, b) : null;
        if (!next || seen.has(s.text)) continue;
        seen.add(s.text);
        const line = `${s.text}=${resultText({ result: applyOperation(a!, m![2] as ArithOp, b!, false)!, next })}`;
        steps.push({
          text: line.trim(),
          state: { ...state, lines: [...state.lines, `${line} value 1\n`], left: formatNumbers(next.nums).split(' '), exprs: [...next.exprs] },
          cost: { tokensOut: s.modelTokens },
        });
      }
      return steps;
    },
  };
}

/**
 * The model's own value estimate of a state: the probability it gives `1` against `0`
 * where its trace format writes `value` after a step. A process verifier for tree search.
 */
export function embeddedValue(model: EmbeddedModel): Verifier<PathState> {
  const one = model.tokenizer.id(' 1');
  const zero = model.tokenizer.id(' 0');
  return {
    id: `${model.id}:value`,
    kind: 'process',
    async score(states, ctx) {
      const out: number[] = [];
      for (const state of states) {
        throwIfAborted(ctx.signal);
        if (state.lines.length === 0 || one === undefined || zero === undefined) {
          out.push(0.5);
          continue;
        }
        const text = contextOf(state).replace(/ value 1\n$/, ' value');
        const ids = model.tokenizer.encode(text);
        if (ids.length >= model.checkpoint.config.context) {
          out.push(0);
          continue;
        }
        const seq = model.decoder.newSequence();
        let logits: Float32Array = new Float32Array(0);
        for (const id of ids) logits = model.decoder.step([seq], [id]);
        const lp = logSoftmax(logits.slice(0, model.checkpoint.config.vocabSize));
        const p1 = Math.exp(lp[one]!);
        const p0 = Math.exp(lp[zero]!);
        out.push(p1 / Math.max(1e-12, p0 + p1));
      }
      return out;
    },
  };
}
