import { InputError } from '../core/errors.js';
import { estimateTokens } from '../core/usage.js';
import { checkAnswer } from '../tasks/arith/check-answer.js';
import { parseNumbers } from '../tasks/arith/parse-numbers.js';
import { fromInteger } from '../tasks/arith/rational.js';
import { extractAnswer } from '../tasks/math/extract-answer.js';

/** What a scorer says about one completion. */
export interface Verdict {
  /** 1 right, 0 wrong (a PRM's mix may lie between). */
  correct: boolean;
  /** The answer read from the completion, or null. */
  answer: string | null;
  /** Why it is wrong, when the checker says (arithmetic tasks). */
  reason?: string;
}

/** Judges a batch of completions against their labels (the gold answer, or the puzzle). */
export type CompletionChecker = (items: readonly { completion: string; label: string | null }[]) => Promise<Verdict[]>;

export type RewardTask = 'math' | 'game24' | 'countdown';
export const REWARD_TASKS: readonly RewardTask[] = ['math', 'game24', 'countdown'];

/**
 * Math: the last `\boxed{}` (or "The answer is", `####`...) judged by metacot's grader
 * against the label, the gold answer. `judge` is the grader (a worker pool in the server).
 */
export function mathChecker(judge: (answer: string, gold: string) => Promise<boolean>): CompletionChecker {
  return async (items) =>
    Promise.all(
      items.map(async ({ completion, label }) => {
        const answer = extractAnswer(completion).answer;
        if (answer === null) return { correct: false, answer: null, reason: 'no final answer found' };
        if (label === null || label.trim() === '') return { correct: false, answer, reason: 'no label (gold answer) for this completion' };
        return { correct: await judge(answer, label), answer };
      }),
    );
}

/**
 * Reads an arithmetic puzzle label: `4 9 10 13` (Game of 24), `75: 3 8 25 50` or
 * `{"numbers": [3, 8, 25, 50], "target": 75}` (Countdown). Throws an InputError naming
 * the label and the forms that work.
 */
export function parsePuzzleLabel(label: string, task: 'game24' | 'countdown'): { numbers: number[]; target: number } {
  const text = label.trim();
  try {
    if (text.startsWith('{')) {
      const value = JSON.parse(text) as { numbers?: unknown; target?: unknown };
      if (!Array.isArray(value.numbers) || typeof value.target !== 'number') throw new Error('needs numbers and target');
      return { numbers: parseNumbers(value.numbers as number[]), target: value.target };
    }
    const colon = /^(-?\d+)\s*[:|]\s*(.+)$/.exec(text);
    if (colon) return { numbers: parseNumbers(colon[2]!), target: Number(colon[1]) };
    if (task === 'game24') return { numbers: parseNumbers(text), target: 24 };
  } catch {
    // fall through to the one error below
  }
  throw new InputError(`label '${label.slice(0, 60)}' is not a ${task} puzzle; write '4 9 10 13'${task === 'countdown' ? " with the target first, '75: 3 8 25 50', or {\"numbers\": [...], \"target\": 75}" : ''}`);
}

/** Game of 24 / Countdown: the expression in the completion uses each number once and makes the target. */
export function arithChecker(task: 'game24' | 'countdown'): CompletionChecker {
  return async (items) =>
    items.map(({ completion, label }) => {
      if (label === null) return { correct: false, answer: null, reason: 'no label (the puzzle) for this completion' };
      const { numbers, target } = parsePuzzleLabel(label, task);
      const result = checkAnswer(completion, numbers.map(fromInteger), target, task === 'countdown' ? { rules: 'integer' } : {});
      return result.ok ? { correct: true, answer: result.expression } : { correct: false, answer: result.expression, reason: result.reason };
    });
}

/** How long a completion is, for the discounted reward. */
export type LengthUnit = 'tokens' | 'steps';

/** Steps are paragraphs (blank-line separated), as metacot's text policy writes them. */
export function completionLength(text: string, unit: LengthUnit): number {
  if (unit === 'steps') return text.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;
  return estimateTokens(text);
}

/** The paper's discounted reward: reward × γ^length, so that among right answers shorter ones earn more. */
export function discounted(reward: number, gamma: number, length: number): number {
  return reward * gamma ** length;
}
