import type { DecodingTool } from '../../core/decoding-tool.js';
import { formatNumbers, reachesTarget, type ArithOp } from '../../tasks/arith/arith-state.js';
import { formatRational, parseRational } from '../../tasks/arith/rational.js';
import { applyOperation, boardKey, play, type Board } from './board.js';
import { toolAnswerText, deadEndText, isDeadEnd, resultText } from './tool-trace.js';

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
  /** The step's whole line as the model read it: operation, the tool's result, value and newline. */
  line: string;
}

export interface ArithToolOptions {
  /** Decoding may only write legal operations and well-formed lines (default false). */
  constrain?: boolean;
  /**
   * Never offer a step already tried (and abandoned) from the same state (default: as
   * `constrain`): the training searches never repeat a step, so a repeat is a loop.
   */
  avoidRepeats?: boolean;
  /**
   * The model writes value 1 when it gives 1 at least this probability (default 0.5: its
   * more likely choice). Pruning a live state loses a solution while searching a dead one
   * costs only tokens, so a calibrated threshold below 0.5 searches better.
   */
  valueThreshold?: number;
  /**
   * The model's vocabulary spells some numbers digit by digit (Countdown's large
   * intermediates; see integerWords in the embedded tokenizer): constrain such an operand
   * character by character too, instead of leaving a partly written number free.
   */
  spelledNumbers?: boolean;
  /**
   * When the search would give up (every step from the start tried) with budget left, it
   * looks again, trusting its own judgement (values and `back`) less each time. The first
   * pass spends the budget on that judgement; the looks spend what giving up would leave
   * unused on the states it cut off. A board proved dead (searched completely: every step
   * from it tried, each one dead) is never offered again.
   * - Second look: every step from the start opens again. The model picks among them in
   *   its own order; a state it re-enters keeps the steps tried from it before, a value
   *   written for it can only be 1, and it may not `back` out of it before every step from
   *   it is tried. Below it the model's judgement still prunes.
   * - Last look, if the second gives up too: every step not proved dead opens again, and
   *   every state entered is searched completely (values only 1, no early `back`), so the
   *   search ends solved, out of budget, or with the puzzle proved unsolvable.
   * The order matters where states have many steps (Game of 24's fractions): searching
   * them all at once can spend the budget on one wrong branch. Needs `avoidRepeats`.
   */
  secondLook?: boolean;
  /**
   * With `secondLook`: skip the second look and take the last one directly. Default: on
   * integer boards (Countdown), off on rational ones (Game of 24). Where states have few
   * steps a complete search is cheap and the second look only spends budget that the last
   * one needs; where fractions multiply the steps, searching them all at once spends the
   * budget on the first wrong branch. Measured greedy and folded on training problems
   * (docs/embedded.md, "Second look").
   */
  lastLookFirst?: boolean;
}

/**
 * The decoding tool of the tool-trace format (Game of 24 / Countdown): the task's side
 * of tool-integrated decoding, token by token. it keeps the
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
  /** With `secondLook`: 0 on the first pass, 1 on the second look, 2 on the last. */
  private look: 0 | 1 | 2 = 0;
  /** On the second look: the start's steps not re-entered yet (by board key). */
  private reopened = new Set<string>();
  /** States re-entered on the second look, searched to the end. */
  private readonly searchedToTheEnd = new Set<number>();
  /** Boards a complete search proved unsolvable: every step from them tried, each one dead. */
  private readonly deadBoards = new Set<string>();
  /** The nodes the model wrote a value for, in the order it wrote them. */
  readonly valued: number[] = [];
  invalid = 0;
  private consumed = 0;
  /** Boards reached from each node so far (by canonical key). */
  private readonly tried = new Map<number, Set<string>>();
  /** What the model writes next: a new line (operation or back), or the rest of a step's line. */
  private expecting: 'line' | 'after-result' = 'line';
  readonly constrain: boolean;
  readonly avoidRepeats: boolean;
  readonly valueThreshold: number;
  readonly spelledNumbers: boolean;
  readonly secondLook: boolean;
  readonly lastLookFirst: boolean;

  constructor(board: Board, options: ArithToolOptions = {}) {
    this.constrain = options.constrain ?? false;
    this.avoidRepeats = options.avoidRepeats ?? this.constrain;
    this.valueThreshold = options.valueThreshold ?? 0.5;
    this.spelledNumbers = options.spelledNumbers ?? false;
    this.secondLook = options.secondLook ?? false;
    this.lastLookFirst = options.lastLookFirst ?? board.integer;
    this.nodes = [{ id: 0, parentId: null, depth: 0, text: '', board, win: false, line: '' }];
  }


  /** True once the search looked again, on a second or a last look (see `secondLook`). */
  get tookSecondLook(): boolean {
    return this.look > 0;
  }

  /** True once the search took its last look (see `secondLook`). */
  get tookLastLook(): boolean {
    return this.look === 2;
  }

  /** Whether the current state must be searched to the end (value 1, no early `back`). */
  private get searchesToTheEnd(): boolean {
    return this.look === 2 || this.searchedToTheEnd.has(this.current.id);
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
      // A state searched to the end is searched whatever its value (a format without values writes none).
      if (pending === ' value') return this.searchesToTheEnd ? [' 1'] : [' 0', ' 1'];
      return ['\n'];
    }
    const moves = this.openMoves();
    const atRoot = this.stack.length === 1;
    // Backing out of the start gives up: only once every move there has been tried.
    if (pending === '') {
      if (moves.length === 0) return ['back'];
      const mayGoBack = !atRoot && !this.searchesToTheEnd;
      return [...new Set(moves.map((m) => m.a)), ...(mayGoBack ? ['back'] : [])];
    }
    if (this.spelledNumbers) return nextPieces(pending, moves.map((m) => `${m.a} ${m.op} ${m.b} =`));
    const parts = pending.split(' ');
    const withA = moves.filter((m) => m.a === parts[0]);
    // A number written in several tokens and not finished yet: leave it be.
    if (withA.length === 0) return null;
    if (parts.length === 1) return [...new Set(withA.map((m) => ` ${m.op}`))];
    const withOp = withA.filter((m) => m.op === parts[1]);
    if (parts.length === 2) return withOp.length ? [...new Set(withOp.map((m) => ` ${m.b}`))] : null;
    return [' ='];
  }

  bias(text: string): Readonly<Record<string, number>> | null {
    if (this.valueThreshold === 0.5 || this.expecting !== 'after-result' || text.slice(this.consumed) !== ' value') return null;
    const t = Math.min(1 - 1e-6, Math.max(1e-6, this.valueThreshold));
    return { ' 1': Math.log((1 - t) / t) };
  }

  /**
   * Legal moves from the current state, either operand order, minus those already tried
   * (and abandoned) from it when `avoidRepeats` is on: the training searches never repeat
   * a step, so a repeat is a loop, not a search. Once the search looks again, also minus
   * those to a board proved dead.
   */
  private openMoves(): { a: string; op: ArithOp; b: string }[] {
    const { board } = this.current;
    const tried = this.avoidRepeats ? this.tried.get(this.current.id) : undefined;
    const out: { a: string; op: ArithOp; b: string }[] = [];
    const seen = new Set<string>();
    board.nums.forEach((x, i) => board.nums.forEach((y, j) => {
      if (i === j) return;
      for (const op of ['+', '-', '*', '/'] as const) {
        const next = play(board, x, op, y);
        if (!next) continue;
        const key = tried || this.look > 0 ? boardKey(next) : '';
        if (tried?.has(key) || (this.look > 0 && this.deadBoards.has(key))) continue;
        const move = { a: formatRational(x), op, b: formatRational(y) };
        const id = `${move.a}${op}${move.b}`;
        if (!seen.has(id)) {
          seen.add(id);
          out.push(move);
        }
      }
    }));
    return out;
  }

  /**
   * The search so far as a model reads it after folding: for every state on the path from
   * the start to the current one, the steps already tried from it, each on its own line.
   * A subtree the model searched and backed out of becomes its step line valued 0: in
   * hindsight the value it should have written, and exactly what a pruned step looks like.
   * The tool's record of tried steps stays, so the model is never offered one again.
   */
  folded(text: string): string | null {
    if (this.expecting !== 'line' || text.length !== this.consumed) return null;
    let out = '';
    for (const [depth, id] of this.stack.entries()) {
      const onPath = this.stack[depth + 1];
      for (const child of this.nodes) {
        if (child.parentId !== id) continue;
        if (child.id === onPath) {
          out += child.line;
          break;
        }
        out += this.closedLine(child);
      }
    }
    return out;
  }

  /** A tried step's line once its subtree is finished (see {@link folded}). */
  private closedLine(node: ToolNode): string {
    const searched = node.value !== undefined && node.value >= 0.5;
    if (searched) return node.line.replace(/ value [^\n]*\n$/, ' value 0\n');
    // A step searched without a value (formats that write none): its line and the way back.
    const parent = this.nodes[node.parentId!]!;
    if (node.value === undefined && node.board.nums.length > 1) return `${node.line}back (left: ${formatNumbers(parent.board.nums)})\n`;
    return node.line;
  }

  /** Pops the current state: the search continues from its parent. */
  private leave(): void {
    if (this.secondLook) this.recordIfDead();
    this.stack.pop();
    this.visits.push(this.current.id);
    if (this.stack.length === 1 && this.secondLook && this.avoidRepeats && this.look < 2 && this.openMoves().length === 0) {
      // See `secondLook`: every step from the start opens again (openMoves skips the dead ones).
      this.look = this.look === 0 && !this.lastLookFirst ? 1 : 2;
      const tried = this.tried.get(0);
      if (this.look === 1) this.reopened = new Set(tried);
      tried?.clear();
    }
  }

  /** On the second look, a state re-entered from the start keeps the steps tried from its earlier visits. */
  private enterSecondLook(node: ToolNode): void {
    const key = boardKey(node.board);
    if (this.look !== 1 || node.parentId !== 0 || !this.reopened.delete(key)) return;
    this.searchedToTheEnd.add(node.id);
    const tried = new Set<string>();
    for (const earlier of this.nodes) {
      if (earlier.parentId === 0 && earlier.id !== node.id && boardKey(earlier.board) === key) for (const k of this.tried.get(earlier.id) ?? []) tried.add(k);
    }
    this.tried.set(node.id, tried);
  }

  /**
   * A state left with every step from it tried, each one to a dead board, is dead itself
   * (a dead end, one number off the target, trivially). A state pruned by a value or left
   * by an early `back` proves nothing.
   */
  private recordIfDead(): void {
    const node = this.current;
    if (this.openMoves().length > 0) return;
    // The steps tried from it, on this visit or (kept on the second look) earlier ones.
    if ([...(this.tried.get(node.id) ?? [])].every((key) => this.deadBoards.has(key))) this.deadBoards.add(boardKey(node.board));
  }

  /** undefined: the line is not complete yet. */
  private handle(line: string): { append?: string; done?: boolean } | null | undefined {
    const value = /^ value (\d+(?:\.\d+)?)\n$/.exec(line);
    if (value) {
      this.current.value = Number(value[1]);
      this.current.line += line;
      this.valued.push(this.current.id);
      this.expecting = 'line';
      // A state valued 0 is pruned: the search goes on from the state above it.
      if (this.current.value < 0.5 && this.stack.length > 1) this.leave();
      return null;
    }
    if (line === '\n') {
      if (this.expecting === 'after-result') this.current.line += line;
      this.expecting = 'line';
      return null;
    }
    if (line === 'back') {
      if (this.stack.length === 1) return { append: ' (no solution)\n', done: true };
      this.leave();
      this.expecting = 'line';
      return { append: ` (left: ${formatNumbers(this.current.board.nums)})\n` };
    }
    const op = /^(\d+(?:\/\d+)?) ([-+*/]) (\d+(?:\/\d+)?) =$/.exec(line);
    if (op) {
      const a = parseRational(op[1]!);
      const b = parseRational(op[3]!);
      const next = a && b ? play(this.current.board, a, op[2] as ArithOp, b) : null;
      if (!next) {
        this.invalid += 1;
        return { append: ' invalid\n' };
      }
      const parent = this.current;
      const move = { result: applyOperation(a!, op[2] as ArithOp, b!, parent.board.integer)!, next };
      const deadEnd = isDeadEnd(next);
      const appended = deadEnd ? deadEndText(move) : resultText(move);
      const node: ToolNode = {
        id: this.nodes.length, parentId: parent.id, depth: parent.depth + 1,
        text: `${line}${appended.split(' (')[0]}`, board: next, win: reachesTarget(next), line: `${line}${appended}`,
      };
      this.nodes.push(node);
      if (!this.tried.has(parent.id)) this.tried.set(parent.id, new Set());
      this.tried.get(parent.id)!.add(boardKey(next));
      this.stack.push(node.id);
      this.visits.push(node.id);
      this.enterSecondLook(node);
      if (deadEnd) {
        // The tool reports the miss and leaves the state; the model goes on from the parent.
        this.leave();
        return { append: appended };
      }
      this.expecting = 'after-result';
      if (node.win) {
        this.solvedNode = node.id;
        return { append: `${appended}${toolAnswerText(next)}`, done: true };
      }
      return { append: appended };
    }
    // A line that can no longer become an operation, a value or `back` ends the attempt.
    if (line.length > 48 || line.includes('\n')) return { done: true };
    return undefined;
  }
}


/** Words as the embedded tokenizer splits them (its `splitWords`): a word keeps its leading space. */
const WORDS = /\n| ?\(left:| ?[^\s()]+|[()]| /g;

/**
 * What may follow `pending` on the way to one of `lines`: the next word where `pending`
 * ends between words (the decoder takes a word missing from the vocabulary by its first
 * character), the next character inside a word being spelled. Null when no line fits.
 */
export function nextPieces(pending: string, lines: readonly string[]): string[] | null {
  const out = new Set<string>();
  for (const line of lines) {
    if (line.length <= pending.length || !line.startsWith(pending)) continue;
    let end = 0;
    let piece: string | null = null;
    for (const word of line.match(WORDS) ?? []) {
      if (end === pending.length) {
        piece = word;
        break;
      }
      end += word.length;
      if (end > pending.length) {
        piece = line[pending.length]!;
        break;
      }
    }
    if (piece !== null) out.add(piece);
  }
  return out.size > 0 ? [...out] : null;
}
