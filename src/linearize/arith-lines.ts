import type { TraceTree, TreeNode } from '../core/tree-schema.js';
import { formatNumbers, isArithState, type ArithAction, type ArithOp, type ArithState } from '../tasks/arith/arith-state.js';
import { formatRational, parseRational, type Rational } from '../tasks/arith/rational.js';

/**
 * The textual pieces of arithmetic (Game of 24 / Countdown) traces, written and read back.
 * A step line is `13 - 9 = 4 (left: 4 4 10)`: the operation `13 - 9 =` is what a model
 * writes, the rest is what the task computes (see `text-continuation.ts`).
 */

const NUM = '\\d+(?:/\\d+)?';
const STEP_LINE = new RegExp(`^(${NUM}) ([-+*/]) (${NUM}) = (${NUM}) \\(left: ([^)]*)\\)$`);

export function isArithAction(value: unknown): value is ArithAction {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' || typeof x === 'string';
  return num(v.a) && num(v.b) && num(v.result) && typeof v.op === 'string' && '+-*/'.includes(v.op) && v.op.length === 1;
}

/** True when every node carries an arithmetic state and every step an arithmetic action. */
export function isArithTree(tree: TraceTree): boolean {
  return tree.nodes.every((n) => isArithState(n.state) && (n.parentId === null || isArithAction(n.step.action)));
}

export function nodeState(node: TreeNode): ArithState {
  return node.state as unknown as ArithState;
}

export function nodeAction(node: TreeNode): ArithAction {
  return node.step.action as ArithAction;
}

/** `(left: 4 4 10)` */
export function leftText(state: ArithState): string {
  return `(left: ${formatNumbers(state.nums)})`;
}

/** `13 - 9 =`: the part of a step line a model writes. */
export function operationText(action: ArithAction): string {
  return `${action.a} ${action.op} ${action.b} =`;
}

/** `13 - 9 = 4 (left: 4 4 10)` */
export function stepLine(action: ArithAction, after: ArithState): string {
  return `${operationText(action)} ${action.result} ${leftText(after)}`;
}

/** Reads a step line back: the action and the numbers left; null when the line is not one. */
export function parseStepLine(line: string): { action: ArithAction; left: Rational[] } | null {
  const m = STEP_LINE.exec(line.trim());
  if (!m) return null;
  const left: Rational[] = [];
  for (const part of m[5]!.trim().split(/\s+/).filter((p) => p.length > 0)) {
    const r = parseRational(part);
    if (!r) return null;
    left.push(r);
  }
  return { action: { a: jsonNumber(m[1]!), op: m[2] as ArithOp, b: jsonNumber(m[3]!), result: jsonNumber(m[4]!) }, left };
}

/** `4` -> 4, `5/2` -> "5/2" (the JSON form actions use). */
export function jsonNumber(text: string): number | string {
  return text.includes('/') ? formatRational(parseRational(text)!) : Number(text);
}

/**
 * Stream of Search's operation string: `13-9=4`. Its games have only integers; for Game of
 * 24's fractions an operand is bracketed (`(1/5)/1=1/5`), since `1/5/1` could be read two ways.
 */
export function sosOperation(action: ArithAction): string {
  return `${sosOperand(action.a)}${action.op}${sosOperand(action.b)}=${action.result}`;
}

function sosOperand(value: number | string): string {
  return typeof value === 'string' ? `(${value})` : String(value);
}

const SOS_OPERATION = /^(\(\d+\/\d+\)|\d+)([-+*/])(\(\d+\/\d+\)|\d+)=(\d+(?:\/\d+)?)$/;

/** Reads `13-9=4` or `(1/5)/1=1/5` back into an action; null when it is not one. */
export function parseSosOperation(text: string): ArithAction | null {
  const m = SOS_OPERATION.exec(text.trim());
  if (!m) return null;
  const operand = (t: string) => jsonNumber(t.replace(/[()]/g, ''));
  return { a: operand(m[1]!), op: m[2] as ArithOp, b: operand(m[3]!), result: jsonNumber(m[4]!) };
}

/** Stream of Search's number list (Python's repr of a list): `[4, 4, 10]`. */
export function sosNumbers(nums: readonly Rational[]): string {
  return `[${nums.map(formatRational).join(', ')}]`;
}

/** `8 and 10`, `4, 4 and 10`: numbers in a sentence. */
export function numbersInWords(nums: readonly Rational[]): string {
  const parts = nums.map(formatRational);
  return parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
