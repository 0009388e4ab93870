import type { Linearized, Segment } from './types.js';

/**
 * The three training objectives the Meta-CoT paper names over linearized searches:
 * - `whole`: learn every character of the trace (search, backtracks, solution);
 * - `trace-only`: learn the search itself and not the clean solution section after it
 *   (what the model must learn is to search; the summary is copied from it);
 * - `mask-wrong-branches`: learn only what lies on the winning path (its steps and
 *   values, and the solution), masking the explored wrong branches and the backtracks.
 */
export type TrainingObjective = 'whole' | 'trace-only' | 'mask-wrong-branches';

export const TRAINING_OBJECTIVES: readonly TrainingObjective[] = ['whole', 'trace-only', 'mask-wrong-branches'];

function trained(segment: Segment, objective: TrainingObjective): boolean {
  if (objective === 'whole') return true;
  if (objective === 'trace-only') return segment.kind !== 'solution' && segment.kind !== 'answer';
  return segment.onWinningPath;
}

/** Character spans `[start, end)` of `linearized.text` that carry loss under `objective`, merged. */
export function trainingSpans(linearized: Linearized, objective: TrainingObjective): [number, number][] {
  const spans: [number, number][] = [];
  for (const segment of linearized.segments) {
    if (!trained(segment, objective)) continue;
    const last = spans[spans.length - 1];
    if (last && last[1] === segment.start) last[1] = segment.end;
    else spans.push([segment.start, segment.end]);
  }
  return spans;
}
