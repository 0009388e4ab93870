import type { Segment, SegmentKind } from './types.js';

/** Appends lines to a text while recording one segment per line (newline included). */
export class TextBuilder {
  text = '';
  readonly segments: Segment[] = [];

  add(kind: SegmentKind, line: string, nodeId: number | null, onWinningPath: boolean): void {
    const start = this.text.length;
    this.text += `${line}\n`;
    this.segments.push({ nodeId, kind, onWinningPath, start, end: this.text.length });
  }
}
