import type { ArithRules } from './arith-state.js';
import { add, div, isInteger, mul, sub, type Rational } from './rational.js';

/** Where `evalNode` is in its text, and the numbers it has read so far. */
interface EvalCursor {
  text: string;
  pos: number;
  rules: ArithRules;
  leaves: number[];
  /** Set when the text is not in the states' own form: the caller must use the general checker. */
  foreign: boolean;
}

/** The exact value of the expression at the cursor; null when the arithmetic fails (or the text is foreign). */
function evalNode(c: EvalCursor): Rational | null {
  const { text } = c;
  if (text.charCodeAt(c.pos) === 40) {
    c.pos++;
    const left = evalNode(c);
    if (c.foreign) return null;
    const code = text.charCodeAt(c.pos + 1);
    if ((code !== 43 && code !== 45 && code !== 42 && code !== 47) || text.charCodeAt(c.pos) !== 32 || text.charCodeAt(c.pos + 2) !== 32) {
      c.foreign = true;
      return null;
    }
    c.pos += 3;
    const right = evalNode(c);
    if (c.foreign) return null;
    if (text.charCodeAt(c.pos) !== 41) {
      c.foreign = true;
      return null;
    }
    c.pos++;
    // A failed operand fails the whole expression; keep reading so that the numbers used
    // are still all collected (and a foreign tail still sends the text to the general checker).
    if (!left || !right) return null;
    const value = code === 43 ? add(left, right) : code === 45 ? sub(left, right) : code === 42 ? mul(left, right) : div(left, right);
    if (!value) return null;
    if (c.rules === 'integer' && (!isInteger(value) || value[0] < 0)) return null;
    return value;
  }
  const start = c.pos;
  let pos = start;
  for (let code = text.charCodeAt(pos); code >= 48 && code <= 57; code = text.charCodeAt(++pos));
  const n = Number(text.slice(start, pos));
  if (pos === start || !Number.isSafeInteger(n)) {
    // Not a number, or one too large to be exact: the general checker words the refusal.
    c.foreign = true;
    return null;
  }
  c.pos = pos;
  c.leaves.push(n);
  return [n, 1];
}

/**
 * `checkAnswer(text, numbers, target, { rules }).ok` for the expressions a state builds
 * itself (`digits` or `(left op right)`, one space around each operator), in one pass over
 * char codes: the exact value under the rules, and each given number used exactly once.
 * Returns null for any other text, which the general checker must then judge. A search
 * checks every finished state that reaches its target, so the general parser (extraction,
 * normalisation, regexes, tallies by text) showed in profiles.
 *
 * `sortedNumbers` are the puzzle's numbers (non-negative safe integers) in ascending order.
 */
export function checkStateExpression(text: string, sortedNumbers: readonly number[], target: number, rules: ArithRules): boolean | null {
  if (text.length === 0) return null;
  const c: EvalCursor = { text, pos: 0, rules, leaves: [], foreign: false };
  const value = evalNode(c);
  if (c.foreign || c.pos !== text.length) return null;
  const { leaves } = c;
  if (leaves.length !== sortedNumbers.length) return false;
  leaves.sort((a, b) => a - b);
  for (let k = 0; k < leaves.length; k++) if (leaves[k] !== sortedNumbers[k]) return false;
  return value !== null && value[0] === target && value[1] === 1;
}
