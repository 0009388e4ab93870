import type { TreeNode } from '../../core/tree-schema.js';
import { esc } from './html-escape.js';
import type { TreeIndex } from './tree-index.js';

export interface NodePanelActions {
  select(id: number): void;
  toggle(id: number): void;
}

function num(value: number | undefined, digits = 3): string {
  if (value === undefined) return '<span class="muted">—</span>';
  return esc(Number.isInteger(value) ? String(value) : value.toFixed(digits));
}

function flag(value: boolean | undefined): string {
  return value === undefined ? '<span class="muted">—</span>' : value ? 'yes' : 'no';
}

/** The selected node's step, scores, flags, cost and path from the root. */
export class NodePanel {
  private index: TreeIndex | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: NodePanelActions,
  ) {
    root.addEventListener('click', (e) => {
      const el = (e.target as HTMLElement).closest<HTMLElement>('[data-go],[data-toggle]');
      if (!el) return;
      if (el.dataset.go !== undefined) this.actions.select(Number(el.dataset.go));
      else if (el.dataset.toggle !== undefined) this.actions.toggle(Number(el.dataset.toggle));
    });
  }

  setTree(index: TreeIndex): void {
    this.index = index;
  }

  show(id: number | null, collapsed: ReadonlySet<number>): void {
    const index = this.index;
    if (!index || id === null) {
      this.root.innerHTML = '<p class="muted">Click a node (or a segment of the text) to see its step, scores and cost.</p>';
      return;
    }
    const node: TreeNode = index.tree.nodes[id]!;
    const { scores, flags, cost } = node;
    const outcome = flags.verified === true ? '<span class="tag ok">verified correct</span>'
      : flags.verified === false ? '<span class="tag bad">verified wrong</span>'
      : flags.terminal ? '<span class="tag">terminal, unverified</span>' : '';
    const tags = [
      index.onBestPath[id] ? `<span class="tag best">${index.tree.verified === true ? 'winning path' : 'path to the best node'}</span>` : '',
      outcome,
      flags.pruned ? '<span class="tag">pruned</span>' : '',
    ].join('');
    const path: string[] = [];
    for (let cur = id; cur >= 0; cur = index.parent[cur]!) path.push(`<a href="#" data-go="${cur}">#${cur}</a>`);
    const kids = index.children[id]!.length;
    const toggle = kids > 0
      ? `<button type="button" data-toggle="${id}">${collapsed.has(id) ? `Expand (${index.subtreeSize[id]! - 1} hidden)` : 'Collapse subtree'}</button>` : '';
    const parentButton = node.parentId !== null ? `<button type="button" data-go="${node.parentId}">Parent</button>` : '';
    const visitAt = index.firstVisit[id]!;
    this.root.innerHTML = `
      <h3 class="node-title">Node #${id} <span class="muted">depth ${node.depth} · ${kids} children${visitAt >= 0 ? ` · first visit ${visitAt + 1}` : ''}</span></h3>
      <div class="tags">${tags}</div>
      <pre class="step-text">${id === 0 ? `<span class="muted">(root)</span> ${esc(index.tree.problem.prompt)}` : esc(node.step.text)}</pre>
      <table class="kv">
        <tr><th>value</th><td data-k="value">${num(scores.value)}</td><th>PRM</th><td data-k="prm">${num(scores.prm)}</td></tr>
        <tr><th>visits</th><td data-k="visits">${num(scores.visits)}</td><th>Q</th><td data-k="q">${num(scores.q)}</td></tr>
        <tr><th>prior</th><td>${num(scores.prior)}</td><th>logprob</th><td>${num(scores.logprob)}</td></tr>
        <tr><th>terminal</th><td data-k="terminal">${flag(flags.terminal)}</td><th>verified</th><td data-k="verified">${flag(flags.verified)}</td></tr>
        <tr><th>answer</th><td colspan="3" data-k="answer">${flags.answer === undefined || flags.answer === null ? '<span class="muted">—</span>' : esc(flags.answer)}</td></tr>
        <tr><th>tokens in</th><td data-k="tokensIn">${num(cost.tokensIn)}</td><th>tokens out</th><td data-k="tokensOut">${num(cost.tokensOut)}</td></tr>
        <tr><th>policy calls</th><td>${num(cost.policyCalls)}</td><th>verifier calls</th><td>${num(cost.verifierCalls)}</td></tr>
        <tr><th>time</th><td colspan="3">${num(cost.ms, 1)} ms</td></tr>
      </table>
      <div class="buttons">${parentButton}${toggle}</div>
      <div class="path">path: ${path.reverse().join(' › ')}</div>
      <details><summary>state</summary><pre>${esc(JSON.stringify(node.state, null, 1))}</pre></details>`;
  }
}
