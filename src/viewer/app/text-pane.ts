import type { TreeText } from '../viewer-data.js';
import { esc } from './html-escape.js';

/**
 * The linearized text, one element per segment, with a choice of format. Clicking a
 * segment that belongs to a node selects that node; selecting a node highlights all its
 * segments and scrolls the first into view. Built as one HTML string: tens of thousands
 * of segments then cost a single parse instead of one DOM call each.
 */
export class TextPane {
  private segmentsOf = new Map<number, HTMLElement[]>();
  private highlighted: HTMLElement[] = [];
  private texts: TreeText[] = [];
  private error: string | undefined;
  private bestPath: Uint8Array = new Uint8Array(0);
  private selected: number | null = null;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly onSelect: (id: number) => void,
  ) {
    root.innerHTML = '<div class="text-head"></div><div class="text-body"></div>';
    this.head = root.querySelector('.text-head')!;
    this.body = root.querySelector('.text-body')!;
    this.body.addEventListener('click', (e) => {
      const el = (e.target as HTMLElement).closest<HTMLElement>('[data-node]');
      if (el) this.onSelect(Number(el.dataset.node));
    });
    this.head.addEventListener('change', (e) => {
      const format = (e.target as HTMLSelectElement).value;
      const text = this.texts.find((t) => t.format === format);
      if (text) this.render(text);
    });
  }

  show(texts: TreeText[], error: string | undefined, bestPath: Uint8Array): void {
    this.texts = texts;
    this.error = error;
    this.bestPath = bestPath;
    this.selected = null;
    this.render(texts[0] ?? null);
  }

  highlight(id: number | null): void {
    this.selected = id;
    for (const el of this.highlighted) el.classList.remove('sel');
    this.highlighted = id === null ? [] : this.segmentsOf.get(id) ?? [];
    for (const el of this.highlighted) el.classList.add('sel');
    this.highlighted[0]?.scrollIntoView({ block: 'center' });
  }

  private render(text: TreeText | null): void {
    this.segmentsOf.clear();
    this.highlighted = [];
    const options = this.texts.map((t) => `<option value="${esc(t.format)}"${t === text ? ' selected' : ''}>${esc(t.format)}</option>`).join('');
    this.head.innerHTML = `<label>linearized as <select name="format" aria-label="text format">${options}</select></label>${this.error ? ` <span class="muted" title="${esc(this.error)}">(some formats unavailable)</span>` : ''}`;
    if (!text) {
      this.body.innerHTML = `<p class="muted">${esc(this.error ?? 'No linearized text for this tree.')}</p>`;
      return;
    }
    const parts: string[] = [];
    for (const seg of text.segments) {
      const kind = esc(seg.kind.replace(/[^a-z0-9-]/gi, ''));
      // A backtrack names the state it returns to, often on the winning path; marking it
      // would paint every "going back" line, so only the steps themselves are marked.
      const best = seg.kind !== 'backtrack' && (seg.onWinningPath || (seg.nodeId !== null && this.bestPath[seg.nodeId])) ? ' best' : '';
      if (seg.nodeId === null) {
        parts.push(`<span class="seg k-${kind}${best}">${esc(seg.text)}</span>`);
      } else {
        parts.push(`<span class="seg k-${kind} linked${best}" data-node="${seg.nodeId}" title="node ${seg.nodeId}">${esc(seg.text)}</span>`);
      }
    }
    this.body.innerHTML = parts.join('');
    this.body.querySelectorAll<HTMLElement>('[data-node]').forEach((el) => {
      const id = Number(el.dataset.node);
      const list = this.segmentsOf.get(id);
      if (list) list.push(el);
      else this.segmentsOf.set(id, [el]);
    });
    if (this.selected !== null) this.highlight(this.selected);
  }
}
