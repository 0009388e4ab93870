/**
 * The legal steps of an arithmetic state (Game of 24 / Countdown), as search steps: the
 * task's side of every arithmetic policy (symbolic, random rollout, Tree of Thoughts).
 */
import type { Step } from '../../core/reasoning.js';
import {
  applyMove, forEachMove, formatStepLine, moveAction, type ArithMove, type ArithOp, type ArithRules, type ArithState,
} from './arith-state.js';
import { formatRational, type Rational } from './rational.js';
import { estimateTokens } from '../../core/usage.js';

/** Every legal move from `state`, once each: moves that read the same (from equal numbers) are kept once. */
export function legalMoves(state: ArithState, rules: ArithRules): ArithMove[] {
  const moves: ArithMove[] = [];
  // Equal numbers give the same step twice (4 4 10: "4 + 10" from either 4); drop repeats.
  const seen = hasRepeats(state) ? new Set<string>() : null;
  forEachMove(state, rules, (move) => {
    if (seen) {
      const id = `${formatRational(move.a)}${move.op}${formatRational(move.b)}`;
      if (seen.has(id)) return;
      seen.add(id);
    }
    moves.push(move);
  });
  return moves;
}

/** The step a move makes: its line, its structured action and the state after it. */
export function moveStep(state: ArithState, move: ArithMove): Step<ArithState> {
  const after = applyMove(state, move);
  return { text: formatStepLine(move, after), action: moveAction(move), state: after };
}

const SPACED: Record<ArithOp, string> = { '+': ' + ', '-': ' - ', '*': ' * ', '/': ' / ' };

/**
 * `moveStep` for many moves of one state, which the policies build on every call: the
 * numbers' texts are written once per state rather than once per move, and each step is
 * built whole. The same text, action and state as `moveStep`. With `priced`, the step
 * also carries its cost: a symbolic policy writes its steps too, so it is charged the
 * tokens a model would spend writing the same line, and token budgets and compute
 * comparisons mean the same for both.
 */

export class StepWriter {
  private readonly texts: string[];
  /** The pair of the last move written, and ` (left: ` with the texts of the numbers it leaves, each followed by a space. */
  private pairI = -1;
  private pairJ = -1;
  private left = '';

  constructor(private readonly state: ArithState, private readonly priced: boolean) {
    const { nums } = state;
    this.texts = [];
    for (let k = 0; k < nums.length; k++) this.texts.push(formatRational(nums[k]!));
  }

  step(move: ArithMove): Step<ArithState> {
    const { nums, exprs, target } = this.state;
    const { texts } = this;
    const { i, j, first, op } = move;
    const second = first === i ? j : i;
    if (i !== this.pairI || j !== this.pairJ) {
      // Moves come grouped by pair, so the numbers left are written once per pair.
      let left = ' (left: ';
      for (let k = 0; k < nums.length; k++) if (k !== i && k !== j) left += `${texts[k]!} `;
      this.left = left;
      this.pairI = i;
      this.pairJ = j;
    }
    // Arrays of the exact length: every state stays in the tree, and arrays grown by push
    // reserve room for many more elements than a state ever has.
    const size = nums.length - 1;
    const afterNums = new Array<Rational>(size);
    const afterExprs = new Array<string>(size);
    let m = 0;
    for (let k = 0; k < nums.length; k++) {
      if (k === i || k === j) continue;
      afterNums[m] = nums[k]!;
      afterExprs[m] = exprs[k]!;
      m++;
    }
    const result = formatRational(move.result);
    afterNums[m] = move.result;
    afterExprs[m] = '(' + exprs[first]! + SPACED[op] + exprs[second]! + ')';
    // The operands are the state's numbers at `first` and `second` for every move
    // `forEachMove` makes; anything else is written from the move itself.
    const a = move.a === nums[first] ? texts[first]! : formatRational(move.a);
    const b = move.b === nums[second] ? texts[second]! : formatRational(move.b);
    // Fewer, longer pieces than one template of the whole line: each `+` makes a string.
    const text = a + SPACED[op] + b + ' = ' + result + this.left + result + ')';
    const state: ArithState = { target, nums: afterNums, exprs: afterExprs };
    return this.priced
      ? { text, action: moveAction(move), state, cost: { tokensOut: estimateTokens(text) } }
      : { text, action: moveAction(move), state };
  }

  steps(moves: readonly ArithMove[]): Step<ArithState>[] {
    const out = new Array<Step<ArithState>>(moves.length);
    for (let k = 0; k < moves.length; k++) out[k] = this.step(moves[k]!);
    return out;
  }
}

/** Every legal step from `state` (see `legalMoves`). */
export function legalSteps(state: ArithState, rules: ArithRules): Step<ArithState>[] {
  return new StepWriter(state, false).steps(legalMoves(state, rules));
}

function hasRepeats(state: ArithState): boolean {
  const { nums } = state;
  for (let i = 0; i < nums.length; i++) {
    for (let j = i + 1; j < nums.length; j++) {
      if (nums[i]![0] === nums[j]![0] && nums[i]![1] === nums[j]![1]) return true;
    }
  }
  return false;
}
