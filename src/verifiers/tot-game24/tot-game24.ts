import type { Policy, SearchContext, Step, Verifier } from '../../core/reasoning.js';
import type { LanguageModel } from '../../models/language-model.js';
import { arithStateKey, formatNumbers, reachesTarget, type ArithMove, type ArithOp, type ArithState } from '../../tasks/arith/arith-state.js';
import { toNumber } from '../../tasks/arith/rational.js';
import { legalMoves, moveStep } from '../../tasks/arith/symbolic-policy.js';
import { parseVerdict, TOT_VERDICT_VALUES, totProposePrompt, totValuePrompt } from './tot-prompts.js';

export interface TotGame24Options {
  model: LanguageModel;
  /** Sampling temperature of both prompts (Tree of Thoughts used 0.7). */
  temperature?: number;
  /** Value samples per state (Tree of Thoughts used 3). */
  valueSamples?: number;
  maxTokens?: number;
}

const LINE = /^\s*(?:\d+[.)]\s+)?(-?\d+(?:\.\d+)?(?:\/\d+)?)\s*([+\-*/×x÷])\s*(-?\d+(?:\.\d+)?(?:\/\d+)?)\s*=/;

function readNumber(text: string): number {
  const [p, q] = text.split('/');
  return q === undefined ? Number(p) : Number(p) / Number(q);
}

function readOp(op: string): ArithOp {
  if (op === '×' || op === 'x') return '*';
  if (op === '÷') return '/';
  return op as ArithOp;
}

const close = (a: number, b: number) => Math.abs(a - b) < 0.011; // models round 5/2 to 2.5 and 1/3 to 0.33

/**
 * The legal move a model's line `a op b = …` names, or null. Operands are matched by
 * value (either order for + and *); the result the model wrote is ignored and recomputed
 * exactly, since models slip on arithmetic.
 */
export function matchMoveLine(line: string, state: ArithState): ArithMove | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const x = readNumber(m[1]!);
  const y = readNumber(m[3]!);
  const op = readOp(m[2]!);
  for (const move of legalMoves(state, 'rational')) {
    if (move.op !== op) continue;
    const a = toNumber(move.a);
    const b = toNumber(move.b);
    if ((close(a, x) && close(b, y)) || ((op === '+' || op === '*') && close(a, y) && close(b, x))) return move;
  }
  return null;
}

/**
 * Tree of Thoughts' proposer as a Policy over Game of 24 states: one sampled completion of
 * the propose prompt, each line that names a legal move becomes a step (duplicates and
 * illegal lines dropped), at most `count` of them in the model's order.
 */
export function totProposePolicy(options: TotGame24Options): Policy<ArithState> {
  return {
    id: `tot:${options.model.id}`,
    async propose(state: ArithState, count: number, ctx: SearchContext): Promise<Step<ArithState>[]> {
      if (state.nums.length <= 1) return [];
      const seed = ctx.random.int(2 ** 31);
      const result = await options.model.generate(
        { messages: [{ role: 'user', content: totProposePrompt(formatNumbers(state.nums)) }], temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed, stop: ['\nInput:'] },
        ctx.signal,
      );
      const steps: Step<ArithState>[] = [];
      const seen = new Set<string>();
      for (const line of (result.choices[0]?.text ?? '').split('\n')) {
        if (steps.length >= count) break;
        const move = matchMoveLine(line, state);
        if (!move) continue;
        const step = moveStep(state, move);
        if (seen.has(step.text)) continue;
        seen.add(step.text);
        steps.push(step);
      }
      const usage = { tokensIn: result.usage.tokensIn, tokensOut: result.usage.tokensOut, ...(result.usage.cacheHits ? { cacheHits: result.usage.cacheHits } : {}), ...(result.usage.cacheMisses ? { cacheMisses: result.usage.cacheMisses } : {}) };
      if (steps.length > 0) steps[0]!.cost = usage;
      else ctx.budget.charge(usage);
      return steps;
    },
  };
}

/**
 * Tree of Thoughts' state evaluator as a Verifier: `valueSamples` samples of the value
 * prompt for the numbers left, each verdict worth sure 20 / likely 1 / impossible 0.001,
 * summed, then divided by the most a state can get (20 per sample) to land in [0, 1].
 * States with the same numbers left share one evaluation; a finished state (one number)
 * is 1 when it is 24, else 0, with no model call.
 */
export function totValueVerifier(options: TotGame24Options): Verifier<ArithState> {
  const samples = options.valueSamples ?? 3;
  const max = TOT_VERDICT_VALUES.sure * samples;
  return {
    id: `tot-value:${options.model.id}`,
    kind: 'process',
    async score(states: readonly ArithState[], ctx: SearchContext): Promise<number[]> {
      const jobs = new Map<string, Promise<number>>();
      const keys = states.map((state) => {
        const key = arithStateKey(state);
        if (!jobs.has(key)) {
          if (state.nums.length <= 1) jobs.set(key, Promise.resolve(reachesTarget(state) ? max : 0));
          else {
            const seed = ctx.random.int(2 ** 31);
            jobs.set(key, options.model
              .generate({ messages: [{ role: 'user', content: totValuePrompt(formatNumbers(state.nums)) }], n: samples, temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 256, seed, stop: ['\nInput:'] }, ctx.signal)
              .then((result) => {
                ctx.budget.charge({ tokensIn: result.usage.tokensIn, tokensOut: result.usage.tokensOut });
                return result.choices.reduce((sum, c) => {
                  const verdict = parseVerdict(c.text);
                  return sum + (verdict ? TOT_VERDICT_VALUES[verdict] : 0);
                }, 0);
              }));
          }
        }
        return key;
      });
      const values = await Promise.all(keys.map((k) => jobs.get(k)!));
      return values.map((v) => v / max);
    },
  };
}
