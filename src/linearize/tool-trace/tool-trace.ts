import type { Random } from '../../core/random.js';
import { formatNumbers, reachesTarget } from '../../tasks/arith/arith-state.js';
import { formatRational } from '../../tasks/arith/rational.js';
import { createSolvableMemo } from '../../tasks/arith/solve-arith.js';
import { boardMoves, solvable, type Board, type Move } from './board.js';

/**
 * The tool-integrated in-context search format. The model writes only decisions: an
 * operation up to its `=`, a value estimate, or `back`; the task (the tool) writes every
 * result and the numbers left, so the model never does arithmetic (a model trained on raw
 * traces here failed at arithmetic, not at search). Example, model text in [brackets]:
 *
 *   Use 4 9 10 13 to make 24.
 *   [10 + 4 =] 14 (left: 9 13 14)[ value 0
 *   13 - 9 =] 4 (left: 4 4 10)[ value 1
 *   10 + 4 =] 14 (left: 4 14)[ value 0
 *   10 - 4 =] 6 (left: 4 6)[ value 1
 *   6 + 4 =] 10 (not 24)
 *   [6 * 4 =] 24 (left: 24)
 *   Answer: (10 - 4) * (13 - 9) = 24
 *
 * A value of 0 prunes: the tool leaves that state at once (the model writes no `back` for
 * it, and the next line continues from the state above); a last step that misses the
 * target is a dead end the tool reports and leaves. `back` is the model's decision to
 * give up on a state it valued 1 (the tool prints the numbers it returns to). Keeping
 * pruned tries this short is what lets a search try many steps within the context.
 *
 * Formats: `metacot` (values, prune on value 0, back), `sos` (no values; bounded
 * depth-first search to the leaves, back), `optimal` (the solution path only).
 */
export const TOOL_TRACE_FORMATS = ['metacot', 'sos', 'optimal'] as const;
export type ToolTraceFormat = (typeof TOOL_TRACE_FORMATS)[number];

export type ToolSegmentRole = 'prompt' | 'tool' | 'op' | 'value' | 'back' | 'newline';

export interface ToolTraceSegment {
  text: string;
  role: ToolSegmentRole;
  /** True for text inside or leading into a branch off the final solution path. */
  wrong: boolean;
  /**
   * A value the teacher wrote wrong on purpose, so the trace shows how a search recovers
   * from a mistaken estimate; the model is never trained to write it (weight 0).
   */
  noisy?: boolean;
}

export interface ToolTrace {
  text: string;
  segments: ToolTraceSegment[];
  solved: boolean;
  /** Operations written (including abandoned ones). */
  steps: number;
}

/** Everything the tool can write besides numbers, so every model's vocabulary can read it. */
export const TOOL_PHRASES: readonly string[] = [' invalid\n', ' (no solution)\n', ' (left: 0)\n', ' (not 0)\n', 'back', ' value 0\n', ' value 1\n', '\nAnswer: (0 + 1 - 2 * 3 / 4 5 6 7 8 9) = 24\n'];

export function promptFor(numbers: readonly number[], target: number): string {
  return `Use ${numbers.join(' ')} to make ${target}.\n`;
}

/** What the tool appends after the model wrote `a op b =` and reached `next` (not a dead end). */
export function resultText(move: Pick<Move, 'result'> & { next: Board }): string {
  return ` ${formatRational(move.result)} (left: ${formatNumbers(move.next.nums)})`;
}

/** What the tool appends when the last step missed the target: the state is left at once. */
export function deadEndText(move: Pick<Move, 'result'> & { next: Board }): string {
  return ` ${formatRational(move.result)} (not ${move.next.target})\n`;
}

/** True when `next` is a last number that is not the target. */
export function isDeadEnd(next: Board): boolean {
  return next.nums.length === 1 && !reachesTarget(next);
}

export function toolAnswerText(board: Board): string {
  return `\nAnswer: ${board.exprs[0]} = ${board.target}\n`;
}

export interface TeacherOptions {
  /**
   * Score bonus of children that can still reach the target (higher: fewer wrong tries),
   * drawn per trace uniformly from [min, max], so the data holds both short searches and
   * long ones (which also train the positions deep in the context).
   */
  skill: readonly [number, number];
  /**
   * metacot: chance that a value is written wrong (a dead state valued 1 is then searched
   * and left with `back`; a live one valued 0 is pruned). Such values are flagged `noisy`
   * and not trained; what follows them is.
   */
  noise: number;
  /** Most children tried in a state that cannot reach the target (bounds explored subtrees). */
  maxTries: number;
  /** Give up (trace discarded) after this many operations. */
  maxSteps: number;
}

export const DEFAULT_TEACHER: TeacherOptions = { skill: [0, 3], noise: 0.1, maxTries: 3, maxSteps: 40 };

interface Raw {
  text: string;
  role: ToolSegmentRole;
  /** The search node the text belongs to (an op belongs to the node it creates). */
  node: number;
  noisy?: boolean;
}

/**
 * Writes one search over `board` in `format`, the way a teacher with an imperfect sense
 * of which moves work would: children are tried in an order drawn from their true
 * solvability plus Gumbel noise, so wrong tries, dead ends and backs appear at the rate
 * `skill` sets. Values are exact (can this board still reach the target: 1 or 0), except
 * the `noise` ones, which are flagged. `solvableMemo`: pass one memo to many calls
 * (`buildToolTraces` does) so the solvability of shared boards is computed once.
 */
export function writeToolTrace(
  board: Board,
  format: ToolTraceFormat,
  random: Random,
  options: TeacherOptions = DEFAULT_TEACHER,
  solvableMemo: Map<string, boolean> = createSolvableMemo(),
): ToolTrace {
  const raw: Raw[] = [];
  const parents: number[] = [-1];
  let steps = 0;
  let solvedNode = -1;
  const skill = options.skill[0] + random.next() * (options.skill[1] - options.skill[0]);
  raw.push({ text: promptFor(shuffledNumbers(board, random), board.target), role: 'prompt', node: 0 });

  const order = (state: Board): Move[] => {
    const scored = boardMoves(state).map((m) => {
      const u = Math.max(1e-12, random.next());
      const gumbel = -Math.log(-Math.log(u));
      const good = m.next.nums.length === 1 ? reachesTarget(m.next) : solvable(m.next, solvableMemo);
      return { m, s: (good ? (format === 'optimal' ? 1e9 : skill) : 0) + gumbel };
    });
    return scored.sort((a, b) => b.s - a.s).map((x) => x.m);
  };

  const dfs = (state: Board, node: number, onTrack: boolean): boolean => {
    const children = order(state);
    let tries = 0;
    for (const move of children) {
      if (steps >= options.maxSteps) return false;
      if (!onTrack && tries >= options.maxTries) return false;
      tries++;
      steps++;
      const child = parents.length;
      parents.push(node);
      raw.push({ text: `${move.a} ${move.op} ${move.b} =`, role: 'op', node: child });
      if (reachesTarget(move.next)) {
        raw.push({ text: resultText(move) + toolAnswerText(move.next), role: 'tool', node: child });
        solvedNode = child;
        return true;
      }
      if (isDeadEnd(move.next)) {
        raw.push({ text: deadEndText(move), role: 'tool', node: child });
        if (format === 'optimal') return false;
        continue;
      }
      raw.push({ text: resultText(move), role: 'tool', node: child });
      const good = solvable(move.next, solvableMemo);
      if (format === 'optimal') {
        raw.push({ text: '\n', role: 'newline', node: child });
        if (!good) return false;
        return dfs(move.next, child, true);
      }
      if (format === 'metacot') {
        const noisy = random.next() < options.noise;
        const value = good !== noisy;
        raw.push({ text: ` value ${value ? 1 : 0}\n`, role: 'value', node: child, noisy });
        // Valued 0: the tool prunes the state, no back is written.
        if (!value) continue;
      } else {
        raw.push({ text: '\n', role: 'newline', node: child });
      }
      if (dfs(move.next, child, onTrack && good)) return true;
      raw.push({ text: 'back', role: 'back', node: child });
      raw.push({ text: ` (left: ${formatNumbers(state.nums)})\n`, role: 'tool', node: child });
    }
    return false;
  };
  const solved = dfs(board, 0, true) && solvedNode >= 0;

  const onPath = new Set<number>();
  for (let cur = solvedNode; cur >= 0; cur = parents[cur]!) onPath.add(cur);
  const segments: ToolTraceSegment[] = raw.map((r) => {
    // The op leading off the path and everything below it are wrong; the value judging
    // that child and the back leaving it are the decisions to keep learning from.
    const parentOn = r.node === 0 || onPath.has(parents[r.node]!);
    const wrong = r.role === 'op' || r.role === 'tool' || r.role === 'newline' ? !onPath.has(r.node) : !parentOn;
    const segment: ToolTraceSegment = { text: r.text, role: r.role, wrong: r.role === 'prompt' ? false : wrong };
    if (r.noisy) segment.noisy = true;
    return segment;
  });
  return { text: segments.map((s) => s.text).join(''), segments, solved, steps };
}

/** The puzzle's numbers in a random order (the prompt order is not canonical; the board is). */
function shuffledNumbers(board: Board, random: Random): number[] {
  const nums = board.nums.map((f) => f[0]);
  for (let i = nums.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [nums[i], nums[j]] = [nums[j]!, nums[i]!];
  }
  return nums;
}

/** Loss weights per segment for the three objectives of the Meta-CoT paper. */
export const TOOL_TRACE_OBJECTIVES = ['whole', 'trace', 'masked'] as const;
export type ToolTraceObjective = (typeof TOOL_TRACE_OBJECTIVES)[number];

/**
 * `whole`: every token after the prompt, tool text included (plain language modelling);
 * values the teacher wrote wrong on purpose (`noisy`) are never trained;
 * `trace`: only what the model writes (ops, values, backs); `masked`: as `trace`, without
 * the wrong branches' operations (the values and backs that leave them stay).
 */
export function segmentWeight(segment: ToolTraceSegment, objective: ToolTraceObjective): number {
  if (segment.role === 'prompt' || segment.noisy) return 0;
  if (objective === 'whole') return 1;
  if (segment.role === 'tool') return 0;
  if (objective === 'masked' && segment.wrong && (segment.role === 'op' || segment.role === 'newline')) return 0;
  return 1;
}
