import { formatNumbers, type ArithOp, type ArithRules } from '../tasks/arith/arith-state.js';
import { add, div, equals, formatRational, fromInteger, isInteger, mul, parseRational, sub, type Rational } from '../tasks/arith/rational.js';
import { parseSosOperation, sosNumbers, sosOperation } from './arith-lines.js';
import { DEFAULT_META_COT_PHRASES, parseMetaCot, type MetaCotPhrases } from './meta-cot.js';

/**
 * The arithmetic "tool" for models that write traces: a model writes only the operation
 * (`13 - 9 =` in meta-cot, `Exploring Operation: 13-9=` in sos) and the task computes the
 * rest exactly (` 4 (left: 4 4 10)`, or the sos result, node and goal lines), so a small
 * model need not learn arithmetic. Errors are returned, not thrown: a model's mistake is
 * data (a number it does not have, a fraction in Countdown).
 */
export interface ArithToolProblem {
  numbers: readonly number[];
  target: number;
  rules: ArithRules;
}

export type ArithToolResult =
  | {
      ok: true;
      /** The exact text to append to the partial trace. */
      continuation: string;
      /** The numbers left after the step. */
      left: Rational[];
      /** One number left. */
      finished: boolean;
      /** One number left and it is the target. */
      solved: boolean;
    }
  | { ok: false; error: string };

const OPS: Record<ArithOp, (a: Rational, b: Rational) => Rational | null> = { '+': add, '-': sub, '*': mul, '/': div };

/** Applies `a op b` to the numbers available, under the rules; the numbers left or an error. */
function applyOperation(nums: Rational[], a: Rational, op: ArithOp, b: Rational, rules: ArithRules): { result: Rational; left: Rational[] } | { error: string } {
  const left = nums.slice();
  for (const operand of [a, b]) {
    const at = left.findIndex((n) => equals(n, operand));
    if (at < 0) return { error: `${formatRational(operand)} is not available (left: ${formatNumbers(nums)})` };
    left.splice(at, 1);
  }
  if (op === '/' && b[0] === 0) return { error: `${formatRational(a)} / 0 divides by zero` };
  const result = OPS[op](a, b);
  const written = `${formatRational(a)} ${op} ${formatRational(b)}`;
  if (!result) return { error: `${written} is too large to compute exactly` };
  if (rules === 'integer' && !isInteger(result)) return { error: `${written} is not an integer (Countdown allows only exact integer results)` };
  if (rules === 'integer' && result[0] < 0) return { error: `${written} is negative (Countdown allows only non-negative integers)` };
  left.push(result);
  return { result, left };
}

const META_COT_OPERATION = /^\s*(\d+(?:\/\d+)?)\s*([-+*/])\s*(\d+(?:\/\d+)?)\s*=\s*$/;

function splitLastLine(text: string): [string, string] {
  const at = text.lastIndexOf('\n') + 1;
  return [text.slice(0, at), text.slice(at)];
}

/** The numbers after replaying `actions` from the start; an error names the first bad one. */
function replay(problem: ArithToolProblem, actions: { a: number | string; op: ArithOp; b: number | string }[]): Rational[] | string {
  let nums = problem.numbers.map(fromInteger);
  for (const action of actions) {
    const applied = applyOperation(nums, parseRational(String(action.a))!, action.op, parseRational(String(action.b))!, problem.rules);
    if ('error' in applied) return `earlier step ${action.a} ${action.op} ${action.b}: ${applied.error}`;
    nums = applied.left;
  }
  return nums;
}

/**
 * meta-cot: `partial` ends with a line like `13 - 9 =`; returns ` 4 (left: 4 4 10)\n`.
 * The numbers available are those of the step the trace stands at (after a `Going back
 * to ...` line, that state), or, inside the solution section, after its steps so far.
 */
export function metaCotContinuation(problem: ArithToolProblem, partial: string, phrases: Partial<MetaCotPhrases> = {}): ArithToolResult {
  const [before, last] = splitLastLine(partial);
  const m = META_COT_OPERATION.exec(last);
  if (!m) return { ok: false, error: `the trace does not end with an operation like '13 - 9 =' (last line: '${last.trim()}')` };
  const solutionHeader = phrases.solution ?? DEFAULT_META_COT_PHRASES.solution;
  const lines = before.split('\n');
  const solutionAt = lines.findIndex((l) => l.trim() === solutionHeader);
  const parsed = parseMetaCot(solutionAt >= 0 ? lines.slice(0, solutionAt).join('\n') : before, { phrases, arith: true });
  let path: { a: number | string; op: ArithOp; b: number | string }[];
  if (solutionAt >= 0) {
    path = parseMetaCot(`${solutionHeader}\n${lines.slice(solutionAt + 1).join('\n')}`, { phrases, arith: true }).solution.flatMap((s) => (s.action ? [s.action] : []));
  } else {
    path = [];
    for (let k = parsed.end ?? -1; k >= 0; k = parsed.steps[k]!.parent) path.unshift(parsed.steps[k]!.action!);
  }
  const nums = replay(problem, path);
  if (typeof nums === 'string') return { ok: false, error: nums };
  const applied = applyOperation(nums, parseRational(m[1]!)!, m[2] as ArithOp, parseRational(m[3]!)!, problem.rules);
  if ('error' in applied) return { ok: false, error: applied.error };
  const space = last.endsWith(' ') ? '' : ' ';
  return {
    ok: true,
    continuation: `${space}${formatRational(applied.result)} (left: ${formatNumbers(applied.left)})\n`,
    left: applied.left,
    finished: applied.left.length === 1,
    solved: applied.left.length === 1 && equals(applied.left[0]!, [problem.target, 1]),
  };
}

const SOS_PARTIAL = /^Exploring Operation: (.*)=$/;
const SOS_STATE = /^Current State: (\d+):\[(.*)\], Operations: \[.*\]$/;
const SOS_MOVE = /^Moving to Node #([\d,]+)$/;

/**
 * sos: `partial` ends with `Exploring Operation: 13-9=`; returns the rest of that line and
 * the line after it (`Generated Node #0,0: ...`, or `X,24 equal: Goal Reached` / `unequal:
 * No Solution` when one number is left). The numbers come from the last `Current State`.
 */
export function sosContinuation(problem: ArithToolProblem, partial: string): ArithToolResult {
  const [before, last] = splitLastLine(partial);
  const m = SOS_PARTIAL.exec(last.trim());
  const action = m ? parseSosOperation(`${m[1]}=0`) : null;
  if (!m || !action) return { ok: false, error: `the trace does not end with an operation like 'Exploring Operation: 13-9=' (last line: '${last.trim()}')` };
  // Walk the stream: the current node is the one the last `Current State` describes (its
  // label from the `Moving to Node` before it); children are numbered per node across the
  // whole stream, since a node can be expanded more than once.
  let stateLine: string | null = null;
  let label = '0';
  let pending: string | null = null;
  const explored = new Map<string, number>();
  for (const line of before.split('\n').map((l) => l.trim())) {
    const move = SOS_MOVE.exec(line);
    if (move) pending = move[1]!;
    else if (SOS_STATE.test(line)) {
      stateLine = line;
      label = pending ?? label;
      pending = null;
    } else if (line.startsWith('Exploring Operation:')) explored.set(label, (explored.get(label) ?? 0) + 1);
  }
  if (stateLine === null) return { ok: false, error: "no 'Current State:' line before the operation" };
  const nums: Rational[] = [];
  for (const part of SOS_STATE.exec(stateLine)![2]!.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const r = parseRational(part);
    if (!r) return { ok: false, error: `cannot read the number '${part}' in '${stateLine}'` };
    nums.push(r);
  }
  const index = explored.get(label) ?? 0;
  const a = parseRational(String(action.a))!;
  const b = parseRational(String(action.b))!;
  const applied = applyOperation(nums, a, action.op, b, problem.rules);
  if ('error' in applied) return { ok: false, error: applied.error };
  const r = formatRational(applied.result);
  const finished = applied.left.length === 1;
  const solved = finished && equals(applied.left[0]!, [problem.target, 1]);
  const op = sosOperation({ a: action.a, op: action.op, b: action.b, result: r.includes('/') ? r : Number(r) });
  const next = !finished
    ? `Generated Node #${label},${index}: ${problem.target}:${sosNumbers(applied.left)} Operation: ${op}`
    : `${r},${problem.target} ${solved ? 'equal: Goal Reached' : 'unequal: No Solution'}`;
  return { ok: true, continuation: `${r}, Resulting Numbers: ${sosNumbers(applied.left)}\n${next}\n`, left: applied.left, finished, solved };
}

/** The continuation for either format. */
export function arithContinuation(problem: ArithToolProblem, partial: string, format: 'meta-cot' | 'sos', phrases?: Partial<MetaCotPhrases>): ArithToolResult {
  return format === 'sos' ? sosContinuation(problem, partial) : metaCotContinuation(problem, partial, phrases);
}
