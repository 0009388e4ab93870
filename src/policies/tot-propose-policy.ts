import type { Policy, SearchContext, Step } from '../core/reasoning.js';
import { generateWithinBudget } from '../models/generate-within-budget.js';
import type { LanguageModel } from '../models/language-model.js';
import { formatNumbers, type ArithMove, type ArithOp, type ArithState } from '../tasks/arith/arith-state.js';
import { legalMoves, moveStep } from '../tasks/arith/arith-steps.js';
import { toNumber } from '../tasks/arith/rational.js';

/**
 * Tree of Thoughts' Game of 24 "propose" prompt (Yao et al., 2023), a few-shot prompt that
 * lists candidate next steps. Worded for this project, with examples of our own.
 */
export function totProposePrompt(numbers: string): string {
  return `Combine two of the numbers with +, -, * or / and write what is left. List several different possibilities, one per line, in this form.
Input: 3 5 7 12
Possible next steps:
3 + 5 = 8 (left: 7 8 12)
12 - 7 = 5 (left: 3 5 5)
5 * 3 = 15 (left: 7 12 15)
12 / 3 = 4 (left: 4 5 7)
7 - 5 = 2 (left: 2 3 12)
12 + 7 = 19 (left: 3 5 19)
7 * 5 = 35 (left: 3 12 35)
12 - 3 = 9 (left: 5 7 9)
Input: ${numbers}
Possible next steps:
`;
}

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
      const result = await generateWithinBudget(
        options.model,
        { messages: [{ role: 'user', content: totProposePrompt(formatNumbers(state.nums)) }], temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed, stop: ['\nInput:'] },
        ctx.budget,
        ctx.signal,
      );
      if (!result) return [];
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
