import { InputError } from '../core/errors.js';
import type { TraceTree } from '../core/tree-schema.js';
import { arithStateKey } from '../tasks/arith/arith-state.js';
import { formatRational, parseRational, type Rational } from '../tasks/arith/rational.js';
import { isArithTree, leftText, nodeState, numbersInWords, parseStepLine } from './arith-lines.js';
import { nodeStepText, solutionChunks, stripTarget, writeSolution } from './optimal-path.js';
import { TextBuilder } from './text-builder.js';
import { deadEnds, timeline, winningPath } from './timeline.js';
import type { Linearized, ParsedStep, ParsedTrace } from './types.js';

/**
 * Phrasings of the meta-cot format. Placeholders: `{numbers}` (`8 and 10`), `{result}`,
 * `{target}`, `{ref}`. The parser needs only `goingBack`, `value`, `solution`, `answer`
 * and `noSolution`, so the reasons can be reworded freely.
 */
export interface MetaCotPhrases {
  /** Leaving a finished arithmetic state that missed the target. */
  missed: string;
  /** Leaving an arithmetic state the tree shows to be a dead end. */
  deadEnd: string;
  /** Leaving a text step the tree shows to be a dead end. */
  textDeadEnd: string;
  /** Leaving a state that still had a chance, for a more promising one. */
  switchBranch: string;
  goingBack: string;
  value: string;
  solution: string;
  answer: string;
  noSolution: string;
}

export const DEFAULT_META_COT_PHRASES: MetaCotPhrases = {
  missed: 'Wait, {result} is not {target}.',
  deadEnd: 'Wait, {numbers} cannot make {target}.',
  textDeadEnd: 'Wait, this does not lead to a correct answer.',
  switchBranch: 'Hmm, another path looks more promising.',
  goingBack: 'Going back to {ref}.',
  value: 'value',
  solution: 'Solution:',
  answer: 'Answer:',
  noSolution: 'No solution found.',
};

export interface MetaCotOptions {
  phrases?: Partial<MetaCotPhrases>;
  /**
   * `visited` (default): the trace shows the states the search visited, and the answer;
   * `all`: also every finished state an expansion produced (each was checked), right
   * after that expansion — faithful but long (a 4-number DFS writes hundreds of them).
   */
  terminals?: 'visited' | 'all';
  /** Decimals of the value lines (default 2). */
  valueDigits?: number;
  /**
   * Round values to multiples of 1/N instead, written exactly (the paper's values are
   * k/128, from 128 rollouts: `value 0.5703125`). Overrides `valueDigits`.
   */
  valueDenominator?: number;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

/**
 * The node ids the meta-cot trace writes, in order: nodes at their first visit (with
 * `all`, also finished children right after the expansion that made them), every node
 * after its ancestors, the answer node last, nothing the search did after finding it.
 */
export function metaCotOrder(tree: TraceTree, terminals: 'visited' | 'all' = 'visited'): number[] {
  const path = winningPath(tree);
  const goal = path ? path[path.length - 1]! : null;
  const written = new Set<number>([0]);
  const order: number[] = [];
  const write = (id: number): void => {
    if (written.has(id)) return;
    write(tree.nodes[id]!.parentId!);
    written.add(id);
    order.push(id);
  };
  outer: for (const event of timeline(tree)) {
    if (event.type === 'visit') {
      if (goal !== null && event.nodeId > goal) break;
      write(event.nodeId);
      if (event.nodeId === goal) break;
      continue;
    }
    for (const id of event.expansion.childIds) {
      if (tree.nodes[id]!.flags.terminal && (terminals === 'all' || id === goal)) write(id);
      if (id === goal) break outer;
    }
  }
  if (goal !== null) write(goal);
  return order;
}

function formatValue(value: number | undefined, digits: number, denominator?: number): string {
  if (value === undefined) return '?';
  if (denominator) return String(Math.round(value * denominator) / denominator);
  return String(Number(value.toFixed(digits)));
}

/**
 * meta-cot: each explored step on its own line (a paragraph for text steps), then its
 * value line; a change of branch said in words (`Wait, 8 and 10 cannot make 24. Going
 * back to (left: 4 4 10).`); then `Solution:`, the clean winning path and the answer.
 * Works for arithmetic trees and for any tree whose steps are text.
 */
export function linearizeMetaCot(tree: TraceTree, options: MetaCotOptions = {}): Linearized {
  const phrases = { ...DEFAULT_META_COT_PHRASES, ...options.phrases };
  const digits = options.valueDigits ?? 2;
  if (options.valueDenominator !== undefined && !(Number.isInteger(options.valueDenominator) && options.valueDenominator > 0)) {
    throw new InputError(`valueDenominator must be a positive integer (e.g. 128), got ${options.valueDenominator}`);
  }
  const arith = isArithTree(tree);
  const path = winningPath(tree);
  const onPath = new Set(path ?? []);
  const dead = deadEnds(tree);
  const order = metaCotOrder(tree, options.terminals);
  const stepNumber = new Map<number, number>();
  const written: number[] = [0];
  const keyOf = (id: number) => arithStateKey(nodeState(tree.nodes[id]!));
  const target = arith ? String(nodeState(tree.nodes[0]!).target) : '';

  const reason = (id: number): string => {
    if (!arith) return dead[id] ? phrases.textDeadEnd : phrases.switchBranch;
    const { nums } = nodeState(tree.nodes[id]!);
    if (nums.length === 1 && !onPath.has(id)) return fill(phrases.missed, { result: formatRational(nums[0]!), target });
    return dead[id] ? fill(phrases.deadEnd, { numbers: numbersInWords(nums), target }) : phrases.switchBranch;
  };
  // A reference the parser resolves to the most recent written state with those numbers;
  // when that would be another node, the step number makes it exact.
  const ref = (id: number): string => {
    if (!arith) return id === 0 ? 'the start' : `step ${stepNumber.get(id)}`;
    const key = keyOf(id);
    const latest = [...written].reverse().find((w) => keyOf(w) === key);
    const left = leftText(nodeState(tree.nodes[id]!));
    return latest === id ? left : `step ${stepNumber.get(id)} ${left}`;
  };

  const out = new TextBuilder();
  let cur = 0;
  for (const id of order) {
    const node = tree.nodes[id]!;
    const parent = node.parentId!;
    if (parent !== cur) out.add('backtrack', `${reason(cur)} ${fill(phrases.goingBack, { ref: ref(parent) })}`, parent, false);
    out.add('step', nodeStepText(tree, id, arith), id, onPath.has(id));
    // A step nobody scored (a sampled rollout) gets no value line in an arithmetic trace,
    // whose step lines parse on their own; text steps need the line to end their paragraph.
    if (!arith || node.scores.value !== undefined) out.add('value', `${phrases.value} ${formatValue(node.scores.value, digits, options.valueDenominator)}`, id, onPath.has(id));
    stepNumber.set(id, stepNumber.size + 1);
    written.push(id);
    cur = id;
  }
  if (path) {
    out.add('solution', phrases.solution, null, true);
    writeSolution(out, tree, path, arith, 'solution', { answerPrefix: phrases.answer });
  } else {
    out.add('no-solution', phrases.noSolution, null, false);
  }
  return { format: 'meta-cot', text: out.text, segments: out.segments, stepNodeIds: order, winningPath: path };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function multisetKey(nums: readonly Rational[]): string {
  return nums.slice().sort((a, b) => a[0] * b[1] - b[0] * a[1]).map(formatRational).join(',');
}

function parseLeftKey(text: string): string | null {
  const nums: Rational[] = [];
  for (const part of text.trim().split(/\s+/).filter((p) => p.length > 0)) {
    const r = parseRational(part);
    if (!r) return null;
    nums.push(r);
  }
  return multisetKey(nums);
}

export interface ParseMetaCotOptions {
  phrases?: Partial<MetaCotPhrases>;
  /** Arithmetic step lines (default: detected from the text). */
  arith?: boolean;
}

/**
 * Reads a meta-cot text back into its explored steps (each with the step it continues
 * from), the winning steps and the answer. Lines it does not recognise (reasons,
 * asides) are skipped in arithmetic traces; in text traces they belong to the next step.
 */
export function parseMetaCot(text: string, options: ParseMetaCotOptions = {}): ParsedTrace {
  const phrases = { ...DEFAULT_META_COT_PHRASES, ...options.phrases };
  const lines = text.split('\n');
  const arith = options.arith ?? lines.some((l) => parseStepLine(l) !== null);
  const back = new RegExp(`${escapeRegExp(phrases.goingBack).replace(escapeRegExp('{ref}'), '(.+)')}$`);
  const valueLine = new RegExp(`^${escapeRegExp(phrases.value)} (\\S+)$`);
  const steps: ParsedStep[] = [];
  const keys: string[] = [];
  let cur = -1;
  let buffer: string[] = [];
  let solutionAt = -1;

  const resolve = (ref: string): number => {
    if (ref === 'the start') return -1;
    const numbered = /^step (\d+)\b/.exec(ref);
    if (numbered) return Math.min(Number(numbered[1]) - 1, steps.length - 1);
    const left = /^\(left: ([^)]*)\)$/.exec(ref);
    const key = left ? parseLeftKey(left[1]!) : null;
    // The most recent step with those numbers; none: the start (the only older state).
    for (let k = steps.length - 1; k >= 0; k--) if (keys[k] === key) return k;
    return -1;
  };

  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const t = line.trim();
    if (t === phrases.solution) {
      solutionAt = k + 1;
      break;
    }
    const backMatch = back.exec(t);
    if (backMatch) {
      cur = resolve(backMatch[1]!.trim());
      buffer = [];
      continue;
    }
    const valueMatch = valueLine.exec(t);
    if (valueMatch) {
      if (!arith && buffer.some((b) => b.trim() !== '')) {
        steps.push({ parent: cur, text: buffer.join('\n').trim() });
        keys.push('');
        cur = steps.length - 1;
      }
      buffer = [];
      const value = Number(valueMatch[1]);
      if (cur >= 0 && Number.isFinite(value)) steps[cur]!.value = value;
      continue;
    }
    if (arith) {
      const step = parseStepLine(t);
      if (!step) continue;
      steps.push({ parent: cur, text: t, action: step.action });
      keys.push(multisetKey(step.left));
      cur = steps.length - 1;
    } else if (t !== phrases.noSolution) {
      buffer.push(line);
    }
  }

  let solution: ParsedTrace['solution'] = [];
  let answer: string | null = null;
  if (solutionAt >= 0) {
    const rest = lines.slice(solutionAt);
    const answerAt = rest.findIndex((l) => l.trim().startsWith(phrases.answer));
    const body = rest.slice(0, answerAt >= 0 ? answerAt : rest.length).join('\n');
    solution = solutionChunks(body, arith).map((chunk) => {
      const parsed = arith ? parseStepLine(chunk) : null;
      return { text: chunk, ...(parsed ? { action: parsed.action } : {}) };
    });
    if (answerAt >= 0) answer = stripTarget(rest[answerAt]!.trim().slice(phrases.answer.length).trim(), arith);
  }
  let winning: number[] | null = null;
  if (solutionAt >= 0 && cur >= 0) {
    winning = [];
    for (let k = cur; k >= 0; k = steps[k]!.parent) winning.unshift(k);
  }
  return { format: 'meta-cot', steps, winning, solution, answer, end: cur };
}
