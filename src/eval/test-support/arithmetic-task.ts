import { InputError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import type { Policy, SearchProblem, Verifier } from '../../core/reasoning.js';
import { runSearch } from '../../search/search-run.js';
import type { EvalProblem, EvalTask, Solver } from '../eval-task.js';

/**
 * A small stand-in task for the harness's own tests: "what is a + b?", answers written
 * as integers, decimals or fractions ("6", "6.0", "12/2" are the same answer), and a
 * sampling "model" that is right with a probability that falls with the problem's level.
 */
export function arithmeticProblems(count: number): EvalProblem[] {
  return Array.from({ length: count }, (_, i) => {
    const a = (i * 7) % 13, b = (i * 5) % 11;
    return {
      id: `add-${i}`,
      index: i,
      prompt: `What is ${a} + ${b}?`,
      input: [a, b],
      gold: String(a + b),
      level: (i % 3) + 1,
      subject: i % 2 === 0 ? 'even' : 'odd',
    };
  });
}

export function parseNumber(text: string): number | null {
  const t = text.trim();
  const frac = /^(-?\d+)\s*\/\s*(\d+)$/.exec(t);
  if (frac) return Number(frac[2]) === 0 ? null : Number(frac[1]) / Number(frac[2]);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return null;
}

export function arithmeticTask(count = 12): EvalTask & { equivalentCalls: number } {
  const problems = arithmeticProblems(count);
  const task = {
    name: 'arithmetic',
    splits: ['test'],
    equivalentCalls: 0,
    async load() {
      return { problems, split: 'test', source: 'generator:arithmetic' };
    },
    problemFromInput(id: string, input: Json): EvalProblem {
      if (!Array.isArray(input) || input.length !== 2 || !input.every((x) => typeof x === 'number')) {
        throw new InputError(`input must be two numbers, got ${JSON.stringify(input)}`);
      }
      const [a, b] = input as number[];
      return { id, index: 0, prompt: `What is ${a} + ${b}?`, input, gold: String(a! + b!), level: null, subject: null };
    },
    extractAnswer(text: string): string | null {
      const m = /Answer:\s*(\S+)\s*$/.exec(text);
      return m ? m[1]! : null;
    },
    judge(answer: string | null, problem: EvalProblem): boolean {
      if (answer === null) return false;
      const v = parseNumber(answer);
      return v !== null && Math.abs(v - Number(problem.gold)) < 1e-9;
    },
    equivalent(a: string, b: string): boolean {
      task.equivalentCalls++;
      const x = parseNumber(a), y = parseNumber(b);
      return x !== null && y !== null ? Math.abs(x - y) < 1e-9 : a.trim() === b.trim();
    },
  };
  return task;
}

interface GuessState {
  question: string;
  gold: number;
  level: number;
  answer: string | null;
}

/** Proposes `count` final answers: right with probability 0.8 / level, written in varied forms. */
const guessingPolicy: Policy<GuessState> = {
  id: 'guesser',
  async propose(state, count, ctx) {
    return Array.from({ length: Math.min(count, 16) }, () => {
      const right = ctx.random.next() < 0.8 / state.level;
      const value = right ? state.gold : state.gold + 1 + ctx.random.int(2);
      const form = ctx.random.int(3);
      const written = form === 0 ? String(value) : form === 1 ? `${value}.0` : `${value * 2}/2`;
      const text = `I think it is ${written}. Answer: ${written}`;
      return { text, state: { ...state, answer: written }, cost: { tokensOut: 5 + ctx.random.int(5), tokensIn: 10 } };
    });
  },
};

const noisyVerifier: Verifier<GuessState> = {
  id: 'noisy',
  kind: 'outcome',
  async score(states, ctx) {
    return states.map((s) => {
      const right = s.answer !== null && Math.abs((parseNumber(s.answer) ?? NaN) - s.gold) < 1e-9;
      return Math.min(1, Math.max(0, (right ? 0.6 : 0.4) + (ctx.random.next() - 0.5) * 0.5));
    });
  },
};

/** Best-of-N over the guessing policy, as a Solver; `hook` runs before each problem (tests inject failures). */
export function bestOfNSolver(n: number, hook?: (problem: EvalProblem) => void | Promise<void>): Solver {
  return async (problem, ctx) => {
    await hook?.(problem);
    const [a, b] = problem.input as number[];
    const searchProblem: SearchProblem<GuessState> = {
      id: problem.id,
      task: 'arithmetic',
      prompt: problem.prompt,
      input: problem.input,
      initialState: () => ({ question: problem.prompt, gold: a! + b!, level: Number(problem.level ?? 1), answer: null }),
      isTerminal: (s) => s.answer !== null,
      answer: (s) => s.answer,
    };
    const result = await runSearch('best-of-n', { n }, searchProblem, guessingPolicy, noisyVerifier, ctx, async (run) => {
      const children = await run.expand(run.root, n);
      await run.evaluate(children);
      return { stopReason: 'completed' };
    });
    return result.tree;
  };
}
