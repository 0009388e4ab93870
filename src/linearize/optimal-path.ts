import type { TraceTree } from '../core/tree-schema.js';
import { tidyExpression } from '../tasks/arith/expression.js';
import { isArithTree, nodeAction, nodeState, parseStepLine, stepLine } from './arith-lines.js';
import { TextBuilder } from './text-builder.js';
import { winningPath } from './timeline.js';
import type { Linearized, ParsedTrace, SegmentKind } from './types.js';

export interface SolutionOptions {
  /** The line before the answer (default `Answer:`). */
  answerPrefix?: string;
  /** The line written when the tree holds no answer (default `No solution found.`). */
  noSolution?: string;
}

/** The step text of a node as the traces write it: the canonical line for arithmetic, else its text. */
export function nodeStepText(tree: TraceTree, id: number, arith: boolean): string {
  const node = tree.nodes[id]!;
  return arith ? stepLine(nodeAction(node), nodeState(node)) : node.step.text.trim();
}

/** `(13 - 9) * (10 - 4) = 24` for arithmetic trees; the stated answer otherwise. */
export function answerText(tree: TraceTree, id: number, arith: boolean): string {
  const node = tree.nodes[id]!;
  const answer = node.flags.answer ?? tree.answer ?? '';
  return arith ? `${tidyExpression(answer)} = ${nodeState(node).target}` : answer;
}

/**
 * Writes the winning path's steps (one segment each) and the answer line. Arithmetic steps
 * are one line each; text steps (paragraphs) are followed by a blank line, which is what
 * separates them when read back.
 */
export function writeSolution(out: TextBuilder, tree: TraceTree, path: number[], arith: boolean, kind: SegmentKind, options: SolutionOptions): void {
  for (const id of path.slice(1)) out.add(kind, arith ? nodeStepText(tree, id, arith) : `${nodeStepText(tree, id, arith)}\n`, id, true);
  out.add('answer', `${options.answerPrefix ?? 'Answer:'} ${answerText(tree, path[path.length - 1]!, arith)}`, path[path.length - 1]!, true);
}

/** optimal-path: only the winning path, then the answer (the ordinary chain-of-thought baseline). */
export function linearizeOptimalPath(tree: TraceTree, options: SolutionOptions = {}): Linearized {
  const arith = isArithTree(tree);
  const path = winningPath(tree);
  const out = new TextBuilder();
  if (path) writeSolution(out, tree, path, arith, 'step', options);
  else out.add('no-solution', options.noSolution ?? 'No solution found.', null, false);
  return { format: 'optimal-path', text: out.text, segments: out.segments, stepNodeIds: path ? path.slice(1) : [], winningPath: path };
}

/** Splits text into steps separated by blank lines (text steps) or one per line (arithmetic). */
export function solutionChunks(text: string, arith: boolean): string[] {
  if (arith) return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return text.split('\n').reduce<string[][]>((acc, line) => {
    if (line.trim() === '') acc.push([]);
    else acc[acc.length - 1]!.push(line);
    return acc;
  }, [[]]).filter((c) => c.length > 0).map((c) => c.join('\n'));
}

/** Reads an optimal-path text back: the path's steps (each the child of the one before) and the answer. */
export function parseOptimalPath(text: string, options: SolutionOptions & { arith?: boolean } = {}): ParsedTrace {
  const prefix = options.answerPrefix ?? 'Answer:';
  const at = text.lastIndexOf(`\n${prefix}`);
  const body = at >= 0 ? text.slice(0, at) : text.startsWith(prefix) ? '' : text;
  const answerLine = at >= 0 ? text.slice(at + 1) : text.startsWith(prefix) ? text : null;
  const arith = options.arith ?? parseStepLine(body.split('\n')[0] ?? '') !== null;
  const noSolution = options.noSolution ?? 'No solution found.';
  const chunks = solutionChunks(body, arith).filter((c) => c.trim() !== noSolution);
  const steps = chunks.map((chunk, k) => {
    const parsed = arith ? parseStepLine(chunk) : null;
    return { parent: k - 1, text: chunk, ...(parsed ? { action: parsed.action } : {}) };
  });
  const answer = answerLine === null ? null : stripTarget(answerLine.slice(prefix.length).split('\n')[0]!.trim(), arith);
  return {
    format: 'optimal-path',
    steps,
    winning: answer === null ? null : steps.map((_, k) => k),
    solution: steps.map((s) => ({ text: s.text, ...(s.action ? { action: s.action } : {}) })),
    answer,
  };
}

/** `(13 - 9) * (10 - 4) = 24` -> `(13 - 9) * (10 - 4)` for arithmetic answers; text answers stay whole. */
export function stripTarget(answer: string, arith: boolean): string {
  return arith ? answer.replace(/\s*=\s*-?\d+\s*$/, '') : answer;
}
