import type { ProblemSummary } from '../viewer-data.js';
import { esc } from './html-escape.js';
import { DEFAULT_QUERY, filterProblems, levelsOf, type ProblemQuery } from './problem-filter.js';

/** The sidebar: filters (outcome, level, id), sort by tokens, and the list itself. */
export class ProblemList {
  private query: ProblemQuery = { ...DEFAULT_QUERY };
  private current: number | null = null;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly problems: ProblemSummary[],
    private readonly onOpen: (index: number) => void,
  ) {
    const levels = levelsOf(problems);
    root.innerHTML = `
      <div class="filters">
        <input type="search" name="text" placeholder="problem id" aria-label="filter by problem id">
        <select name="outcome" aria-label="outcome">
          <option value="all">all outcomes</option><option value="correct">correct</option>
          <option value="wrong">wrong</option><option value="ungraded">ungraded</option>
        </select>
        <select name="level" aria-label="level" ${levels.length === 0 ? 'hidden' : ''}>
          <option value="all">all levels</option>${levels.map((l) => `<option value="${esc(l)}">level ${esc(l)}</option>`).join('')}
        </select>
        <select name="sort" aria-label="sort">
          <option value="index">run order</option><option value="tokens-desc">most tokens</option><option value="tokens-asc">fewest tokens</option>
        </select>
      </div>
      <div class="count muted"></div>
      <ol class="problems" role="listbox" aria-label="problems"></ol>`;
    this.list = root.querySelector('.problems')!;
    this.count = root.querySelector('.count')!;
    root.querySelector('.filters')!.addEventListener('input', (e) => {
      const el = e.target as HTMLInputElement | HTMLSelectElement;
      this.query = { ...this.query, [el.name]: el.value };
      this.render();
    });
    this.list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (li) this.onOpen(Number(li.dataset.index));
    });
    this.list.addEventListener('keydown', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (!li) return;
      if (e.key === 'Enter' || e.key === ' ') this.onOpen(Number(li.dataset.index));
      else if (e.key === 'ArrowDown') (li.nextElementSibling as HTMLElement | null)?.focus();
      else if (e.key === 'ArrowUp') (li.previousElementSibling as HTMLElement | null)?.focus();
      else return;
      e.preventDefault();
    });
    this.render();
  }

  setCurrent(index: number): void {
    this.current = index;
    this.list.querySelectorAll<HTMLElement>('[data-index]').forEach((li) => {
      li.classList.toggle('current', Number(li.dataset.index) === index);
      li.setAttribute('aria-selected', String(Number(li.dataset.index) === index));
    });
  }

  private render(): void {
    const shown = filterProblems(this.problems, this.query);
    this.count.textContent = `${shown.length} of ${this.problems.length} problems`;
    this.list.innerHTML = shown.map((p) => {
      const mark = p.correct === true ? '<span class="ok" title="correct">✓</span>' : p.correct === false ? '<span class="bad" title="wrong">✗</span>' : '<span class="muted" title="ungraded">·</span>';
      const level = p.level === null ? '' : ` · L${esc(p.level)}`;
      return `<li data-index="${p.index}" role="option" tabindex="0" class="${p.index === this.current ? 'current' : ''}">
        ${mark} <span class="pid">${esc(p.id)}</span>
        <span class="meta">${esc(p.search)}${level} · ${p.nodes} nodes · ${p.tokens.toLocaleString('en-US')} tok</span></li>`;
    }).join('');
  }
}
