import type { ArithAction } from '../tasks/arith/arith-state.js';

/** The three ways a search tree becomes one text (docs/linearize.md). */
export type LinearizeFormat = 'meta-cot' | 'sos' | 'optimal-path';

export const LINEARIZE_FORMATS: readonly LinearizeFormat[] = ['meta-cot', 'sos', 'optimal-path'];

/**
 * What a segment of the text is. meta-cot: `step`, `value`, `backtrack`; sos: `state`
 * (Current State), `explore` (Exploring Operation), `generated` (Generated Node), `goal`
 * (equal: Goal Reached), `dead-end` (unequal: No Solution), `move` (Moving to Node);
 * all formats: `solution` (the clean winning path, its header included), `answer`,
 * `no-solution`.
 */
export type SegmentKind =
  | 'step' | 'value' | 'backtrack'
  | 'state' | 'explore' | 'generated' | 'goal' | 'dead-end' | 'move'
  | 'solution' | 'answer' | 'no-solution';

/**
 * One line (or paragraph) of the text, with its trailing newline: `text.slice(start, end)`.
 * Segments tile the text in order, so a trainer can mask by character span.
 */
export interface Segment {
  /** The tree node the segment is about (null for headers). */
  nodeId: number | null;
  kind: SegmentKind;
  /** True for segments about nodes on the root-to-answer path, and for the solution section. */
  onWinningPath: boolean;
  start: number;
  end: number;
}

export interface Linearized {
  format: LinearizeFormat;
  text: string;
  segments: Segment[];
  /** Node ids in the order their steps appear in the trace (what a parser gets back). */
  stepNodeIds: number[];
  /** Node ids from the root to the answer node, or null when the tree has no verified answer. */
  winningPath: number[] | null;
}

/** One step read back from a text: its parent is an earlier step (index) or the start (-1). */
export interface ParsedStep {
  parent: number;
  text: string;
  action?: ArithAction;
  value?: number;
  /** sos only: the node label (`0,1,2`) the text gave it. */
  label?: string;
}

export interface ParsedTrace {
  format: LinearizeFormat;
  /** The explored steps in text order (for optimal-path: the path itself). */
  steps: ParsedStep[];
  /** Indexes into `steps` from the first step to the one that reached the goal, or null. */
  winning: number[] | null;
  /** The solution section's steps (meta-cot, optimal-path); sos: the winning steps. */
  solution: { text: string; action?: ArithAction }[];
  /** The text after `Answer:` (without a trailing `= target`), or null. */
  answer: string | null;
  /**
   * meta-cot: where the exploration stands at the end of the text (before any solution
   * section): the index of the current step, -1 at the start. What a continuation builds on.
   */
  end?: number;
}
