import type { Random } from '../../core/random.js';
import { boardMoves, createBoard, solvable } from '../../linearize/tool-trace/board.js';
import { createSolvableMemo } from '../../tasks/arith/solve-arith.js';
import type { TraceProblem } from './reasoner-dataset.js';

/**
 * Three-number puzzles reached in one step from training puzzles (only whole numbers,
 * only solvable ones): short searches dense in the decisions a four-number search needs
 * deeper down (which step makes 24 from what is left, and the value of two numbers left),
 * at a fraction of a full trace's length. Drawn without repeats within a puzzle; they
 * come only from the problems given, so the test split stays out.
 */
export function subPuzzles(problems: readonly TraceProblem[], perPuzzle: number, random: Random): TraceProblem[] {
  const out: TraceProblem[] = [];
  if (perPuzzle <= 0) return out;
  const memo = createSolvableMemo();
  for (const problem of problems) {
    const board = createBoard(problem.numbers, problem.target, problem.integer ?? false);
    const candidates = boardMoves(board)
      .filter((m) => m.next.nums.every((f) => f[1] === 1) && solvable(m.next, memo))
      .map((m) => m.next.nums.map((f) => f[0]));
    for (let k = 0; k < perPuzzle && candidates.length > 0; k++) {
      const [numbers] = candidates.splice(random.int(candidates.length), 1);
      out.push({ numbers: numbers!, target: problem.target, ...(problem.integer ? { integer: true } : {}) });
    }
  }
  return out;
}
