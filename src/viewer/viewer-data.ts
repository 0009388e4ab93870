import type { TraceTree } from '../core/tree-schema.js';

/**
 * What the page receives: plain JSON, built on the Node side, so the browser bundle never
 * needs the schema validator or the linearizer. Shared by the server, the `--out` writer
 * and the page (type-only imports there, and the encoding constant).
 */

/** One row of the problem list. */
export interface ProblemSummary {
  /** Position in the run; the key for `TreePayload` requests. */
  index: number;
  id: string;
  task: string;
  search: string;
  /** Difficulty level when the dataset has one (MATH levels), else null. */
  level: string | null;
  /** The graded outcome: the run's grade when known, else the tree's own `verified`. */
  correct: boolean | null;
  answer: string | null;
  tokensIn: number;
  tokensOut: number;
  /** tokensIn + tokensOut: what the list sorts by. */
  tokens: number;
  nodes: number;
}

export interface ViewerIndex {
  /** Shown in the page title: the run or file name. */
  title: string;
  problems: ProblemSummary[];
}

/** One piece of the linearized text; `nodeId` ties it to a tree node (null: connective text). */
export interface TextSegment {
  text: string;
  nodeId: number | null;
  /** What the segment is, e.g. `step`, `value`, `backtrack`, `solution`, `answer`. */
  kind: string;
  /** About a node on the root-to-answer path, or part of the solution section. */
  onWinningPath?: true;
}

export interface TreeText {
  format: string;
  segments: TextSegment[];
}

/** Everything the page needs to draw one problem. */
export interface TreePayload {
  tree: TraceTree;
  /** The tree linearized in each format it can take; the pane shows the first. */
  texts: TreeText[];
  /** Formats that failed to linearize, and why (shown in the text pane). */
  textError?: string;
}

/** How a self-contained page stores each payload: raw deflate of its UTF-8 JSON, in base64. */
export const TREE_ENCODING = 'deflate-raw;base64';
