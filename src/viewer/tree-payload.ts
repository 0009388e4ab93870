import type { TraceTree } from '../core/tree-schema.js';
import { formatsFor, linearize, parseLinearizeFormat } from '../linearize/linearize.js';
import type { Linearized, LinearizeFormat } from '../linearize/types.js';
import type { TextSegment, TreePayload, TreeText } from './viewer-data.js';

/** Cuts the linearized text into the page's segments (they tile the text in order). */
export function textFromLinearized(lin: Pick<Linearized, 'format' | 'text' | 'segments'>): TreeText {
  const segments: TextSegment[] = lin.segments.map((s) => ({
    text: lin.text.slice(s.start, s.end),
    nodeId: s.nodeId,
    kind: s.kind,
    ...(s.onWinningPath ? { onWinningPath: true as const } : {}),
  }));
  return { format: lin.format, segments };
}

/**
 * The page payload of one tree: the tree and its text in every format the tree can be
 * written in, `preferred` first (the pane shows the first and offers the others). A
 * format the tree cannot take (sos for a math tree) is left out, not an error.
 */
export function treePayload(tree: TraceTree, preferred: string = 'meta-cot'): TreePayload {
  const first = parseLinearizeFormat(preferred, '--format');
  const formats = formatsFor(tree);
  const order: LinearizeFormat[] = [...(formats.includes(first) ? [first] : []), ...formats.filter((f) => f !== first)];
  const texts: TreeText[] = [];
  const errors: string[] = [];
  for (const format of order) {
    try {
      texts.push(textFromLinearized(linearize(tree, format)));
    } catch (error) {
      errors.push(`${format}: ${(error as Error).message}`);
    }
  }
  return errors.length > 0 ? { tree, texts, textError: errors.join('; ') } : { tree, texts };
}
