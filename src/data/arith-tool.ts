import type { DecodingTool } from '../models/embedded/generate-batch.js';
import { apply, formatFrac, isWin, leftText, parseFrac, play, type Board, type Op } from './arith-board.js';
import { answerText, resultText } from './tool-trace.js';

/** One node of the search a model wrote in its context, as the tool followed it. */
export interface ToolNode {
  id: number;
  parentId: number | null;
  depth: number;
  /** The operation as written, e.g. `13 - 9 = 4`. */
  text: string;
  board: Board;
  /** The value the model wrote after this step, when it wrote one. */
  value?: number;
  win: boolean;
}

/**
 * The task's side of tool-integrated decoding for Game of 24 / Countdown: it keeps the
 * stack of boards the model is searching, computes each written operation exactly,
 * prints the numbers left, pops on `back`, and ends the generation on a win or when the
 * model backs out of the root. It also records the search as a tree (for the trace).
 */
export class ArithTool implements DecodingTool {
  readonly nodes: ToolNode[];
  private readonly stack: number[] = [0];
  /** Order in which nodes became current (written, or returned to by `back`). */
  readonly visits: number[] = [0];
  solvedNode: number | null = null;
  invalid = 0;
  private consumed = 0;
  /** What the model writes next: a new line (operation or back), or the rest of a step's line. */
  private expecting: 'line' | 'after-result' = 'line';
  /** With `constrain`, decoding may only write legal operations and well-formed lines. */
  constructor(board: Board, readonly constrain = false) {
    this.nodes = [{ id: 0, parentId: null, depth: 0, text: '', board, win: false }];
  }


  get current(): ToolNode {
    return this.nodes[this.stack[this.stack.length - 1]!]!;
  }

  afterToken(text: string): { append?: string; done?: boolean } | null {
    // Everything after what was already handled (model text plus appended tool text).
    const line = text.slice(this.consumed);
    const reply = this.handle(line);
    if (reply !== undefined) this.consumed = text.length + (reply?.append?.length ?? 0);
    return reply ?? null;
  }

  allowed(text: string): readonly string[] | null {
    if (!this.constrain) return null;
    const pending = text.slice(this.consumed);
    if (this.expecting === 'after-result') {
      if (pending === '') return [' value', '\n'];
      if (pending === ' value') return [' 0', ' 1'];
      return ['\n'];
    }
    const nums = this.current.board.nums.map(formatFrac);
    // A single number left that is not the target: the only move is back.
    if (nums.length === 1) return pending === '' ? ['back'] : null;
    if (pending === '') return [...new Set(nums), 'back'];
    const parts = pending.split(' ');
    // A number written in several tokens and not finished yet: leave it be.
    if (!nums.includes(parts[0]!)) return null;
    if (parts.length === 1) return [' +', ' -', ' *', ' /'];
    const a = parseFrac(parts[0]!)!;
    const rest = [...nums];
    rest.splice(rest.indexOf(parts[0]!), 1);
    if (parts.length === 2) {
      const legal = rest.filter((b) => apply(a, parts[1] as Op, parseFrac(b)!, this.current.board.integer) !== null);
      return [...new Set(legal.length > 0 ? legal : rest)].map((b) => ` ${b}`);
    }
    if (!rest.includes(parts[2]!)) return null;
    return [' ='];
  }

  /** undefined: the line is not complete yet. */
  private handle(line: string): { append?: string; done?: boolean } | null | undefined {
    const value = /^ value (\d+(?:\.\d+)?)\n$/.exec(line);
    if (value) {
      this.current.value = Number(value[1]);
      this.expecting = 'line';
      return null;
    }
    if (line === '\n') {
      this.expecting = 'line';
      return null;
    }
    if (line === 'back') {
      if (this.stack.length === 1) return { append: ' (no solution)\n', done: true };
      this.stack.pop();
      this.visits.push(this.current.id);
      this.expecting = 'line';
      return { append: ` (left: ${leftText(this.current.board)})\n` };
    }
    const op = /^(\d+(?:\/\d+)?) ([-+*/]) (\d+(?:\/\d+)?) =$/.exec(line);
    if (op) {
      const a = parseFrac(op[1]!);
      const b = parseFrac(op[3]!);
      const next = a && b ? play(this.current.board, a, op[2] as Op, b) : null;
      if (!next) {
        this.invalid += 1;
        return { append: ' invalid\n' };
      }
      const parent = this.current;
      const appended = resultText({ result: apply(a!, op[2] as Op, b!, parent.board.integer)!, next });
      const node: ToolNode = {
        id: this.nodes.length, parentId: parent.id, depth: parent.depth + 1,
        text: `${line}${appended.split(' (left:')[0]}`, board: next, win: isWin(next),
      };
      this.nodes.push(node);
      this.stack.push(node.id);
      this.expecting = 'after-result';
      this.visits.push(node.id);
      if (node.win) {
        this.solvedNode = node.id;
        return { append: `${appended}${answerText(next)}`, done: true };
      }
      return { append: appended };
    }
    // A line that can no longer become an operation, a value or `back` ends the attempt.
    if (line.length > 48 || line.includes('\n')) return { done: true };
    return undefined;
  }
}

