import type { TreeText } from '../viewer-data.js';
import { esc } from './html-escape.js';

/**
 * The linearized Meta-CoT text, one element per segment. Clicking a segment that belongs
 * to a node selects that node; selecting a node highlights all its segments and scrolls
 * the first into view. Built as one HTML string: tens of thousands of segments then cost
 * a single parse instead of one DOM call each.
 */
export class TextPane {
  private segmentsOf = new Map<number, HTMLElement[]>();
  private highlighted: HTMLElement[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly onSelect: (id: number) => void,
  ) {
    root.addEventListener('click', (e) => {
      const el = (e.target as HTMLElement).closest<HTMLElement>('[data-node]');
      if (el) this.onSelect(Number(el.dataset.node));
    });
  }

  show(text: TreeText | null, error: string | undefined, bestPath: Uint8Array): void {
    this.segmentsOf.clear();
    this.highlighted = [];
    if (!text) {
      this.root.innerHTML = `<p class="muted">${esc(error ?? 'No linearized text for this tree.')}</p>`;
      return;
    }
    const parts: string[] = [`<div class="text-format">format: ${esc(text.format)}</div>`];
    for (const seg of text.segments) {
      const kind = esc(seg.kind.replace(/[^a-z0-9-]/gi, ''));
      const best = seg.onWinningPath || (seg.nodeId !== null && bestPath[seg.nodeId]) ? ' best' : '';
      if (seg.nodeId === null) {
        parts.push(`<span class="seg k-${kind}${best}">${esc(seg.text)}</span>`);
      } else {
        parts.push(`<span class="seg k-${kind} linked${best}" data-node="${seg.nodeId}" title="node ${seg.nodeId}">${esc(seg.text)}</span>`);
      }
    }
    this.root.innerHTML = parts.join('');
    this.root.querySelectorAll<HTMLElement>('[data-node]').forEach((el) => {
      const id = Number(el.dataset.node);
      const list = this.segmentsOf.get(id);
      if (list) list.push(el);
      else this.segmentsOf.set(id, [el]);
    });
  }

  highlight(id: number | null): void {
    for (const el of this.highlighted) el.classList.remove('sel');
    this.highlighted = id === null ? [] : this.segmentsOf.get(id) ?? [];
    for (const el of this.highlighted) el.classList.add('sel');
    this.highlighted[0]?.scrollIntoView({ block: 'center' });
  }
}
