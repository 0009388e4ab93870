import type { StopReason } from './budget.js';
import type { TreeNode } from './tree-schema.js';
import type { Usage } from './usage.js';

/**
 * What a search reports while it runs: every node as it is created, every visit
 * (expansion or selection), every score, and the end. A server streams these; a
 * progress bar counts them. Sinks must be cheap and must not throw.
 */
export type SearchEvent =
  | { type: 'node'; node: TreeNode }
  | { type: 'visit'; nodeId: number }
  | { type: 'score'; nodeId: number; value: number }
  | { type: 'done'; stopReason: StopReason; bestId: number | null; usage: Usage };

export type EventSink = (event: SearchEvent) => void;

export const ignoreEvents: EventSink = () => {};
