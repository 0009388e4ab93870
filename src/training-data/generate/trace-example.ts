import type { TraceTree } from '../../core/tree-schema.js';
import { linearize } from '../../linearize/linearize.js';
import type { MetaCotOptions } from '../../linearize/meta-cot.js';
import type { LinearizeFormat, Segment } from '../../linearize/types.js';
import { annotateTree, solvedAnywhere } from './annotate-tree.js';
import type { SearchRecord } from './search-record.js';

/** One searched problem as training text, with what every export needs to know about it. */
export interface TraceExample {
  id: string;
  prompt: string;
  /** The problem text alone (the input for text problems, else the prompt): what decontamination compares. */
  problem: string;
  gold: string | null;
  level: string | number | null;
  subject: string | null;
  /** True when the search found a correct answer (the trace then ends with its solution). */
  verified: boolean;
  format: LinearizeFormat;
  text: string;
  /** Per-segment metadata: node, kind, on the winning path or not, character span. */
  segments: Segment[];
  /** The tree's id and model (for the dataset card's provenance). */
  treeId: string;
  model: string;
  search: string;
}

export interface TraceExampleOptions extends MetaCotOptions {
  format?: LinearizeFormat;
}

/**
 * Linearizes one problem's search (default: meta-cot, the paper's appendix-E style) after
 * writing the record's verdicts onto the tree, so the verified branch is the winning path.
 */
export function traceExample(tree: TraceTree, record: SearchRecord, options: TraceExampleOptions = {}): TraceExample {
  const { format = 'meta-cot', ...metaCot } = options;
  const annotated = annotateTree(tree, record);
  const lin = linearize(annotated, format, metaCot);
  return {
    id: record.id,
    prompt: record.prompt,
    problem: typeof record.input === 'string' ? record.input : record.prompt,
    gold: record.gold,
    level: record.level,
    subject: record.subject,
    verified: solvedAnywhere(record) && lin.winningPath !== null,
    format,
    text: lin.text,
    segments: lin.segments,
    treeId: tree.id,
    model: tree.model,
    search: tree.search.name,
  };
}
