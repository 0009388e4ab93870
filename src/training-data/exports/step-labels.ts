import { pathTo, type TraceTree } from '../../core/tree-schema.js';
import { annotateTree } from '../generate/annotate-tree.js';
import type { SearchRecord } from '../generate/search-record.js';
import type { StepwiseSupervision } from './schemas.js';
import { nodeOutcomes } from './tree-outcomes.js';

/**
 * Where a step's value comes from:
 * - `rollouts`: the value the search's verifier gave the node, which with `--verifier
 *   rollout` is the Monte-Carlo estimate (share of continuations that reached a correct
 *   answer; the paper used 16 per step);
 * - `outcomes`: the search's own estimate, the share of judged finished nodes below the
 *   step that were correct.
 */
export type LabelSource = 'rollouts' | 'outcomes';
export const LABEL_SOURCES: readonly LabelSource[] = ['rollouts', 'outcomes'];

export interface StepLabelOptions {
  source?: LabelSource;
  /**
   * A step is labelled good when its value is at least this (default 0.5). A small
   * threshold (e.g. 1/16) gives Math-Shepherd's "hard" label: good if any rollout succeeded.
   */
  threshold?: number;
  /** Label a finished step by its verdict, whatever its value (default true). */
  finalByVerdict?: boolean;
}

/**
 * TRL stepwise supervision from one tree: one example per judged finished node (one
 * distinct solution path), the steps as `completions` and a label per step. Steps
 * without a value from the chosen source are not labelled and end the example there
 * (a PRM must not learn from guesses).
 */
export function stepLabels(tree: TraceTree, record: SearchRecord, options: StepLabelOptions = {}): StepwiseSupervision[] {
  const t = annotateTree(tree, record);
  const source = options.source ?? 'outcomes';
  const threshold = options.threshold ?? 0.5;
  const outcome = nodeOutcomes(t);
  const value = (id: number): number | undefined => {
    if (source === 'rollouts') return t.nodes[id]!.scores.value;
    const o = outcome[id]!;
    return o.judged > 0 ? o.correct / o.judged : undefined;
  };
  const out: StepwiseSupervision[] = [];
  const seen = new Set<string>();
  for (const end of t.nodes) {
    if (!end.flags.terminal || end.flags.verified === undefined || end.parentId === null) continue;
    const ids = pathTo(t, end.id).slice(1);
    const completions: string[] = [];
    const labels: boolean[] = [];
    const values: number[] = [];
    for (const id of ids) {
      const node = t.nodes[id]!;
      const v = node.flags.terminal && node.flags.verified !== undefined && (options.finalByVerdict ?? true) ? (node.flags.verified ? 1 : 0) : value(id);
      if (v === undefined) break;
      completions.push(node.step.text);
      labels.push(v >= threshold);
      values.push(v);
    }
    if (completions.length === 0) continue;
    const key = completions.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ prompt: record.prompt, completions, labels, metadata: { id: record.id, tree: tree.id, source, threshold, values, complete: completions.length === ids.length } });
  }
  return out;
}
