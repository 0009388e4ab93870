import type { TreePayload, ViewerIndex } from '../viewer-data.js';
import { embeddedSource, serverSource, type DataSource } from './data-source.js';
import { esc } from './html-escape.js';
import { NodePanel } from './node-panel.js';
import { ProblemList } from './problem-list.js';
import { ReplayControls } from './replay-controls.js';
import { renderShell } from './shell.js';
import { TextPane } from './text-pane.js';
import { TreeCanvas } from './tree-canvas.js';
import { colorBuckets, indexTree, type ColorBy, type TreeIndex } from './tree-index.js';
import { treeKeyAction } from './tree-keys.js';
import { layoutTree, type TreeLayout } from './tree-layout.js';

/** What automation (the end-to-end tests, the benchmark) can read from the page. */
export interface ViewerHook {
  ready: boolean;
  error: string | null;
  problem: number | null;
  /** ms from navigation start to the first frame of the opened tree; and its parts. */
  timings: { fetchMs: number; indexMs: number; layoutMs: number; textMs: number; readyAt: number };
  selected(): number | null;
  replayStep(): number | null;
  /** A node's position in page coordinates, or null when it is not laid out. */
  pagePoint(id: number): { x: number; y: number } | null;
  centerOn(id: number): void;
  bestId(): number | null;
  lastFrameMs(): number;
  frames(): number;
  /** Paints a whole frame from scratch (no offscreen copy) and returns its script time in ms. */
  redraw(): number;
}

declare global {
  interface Window {
    metacotViewer: ViewerHook;
  }
}

interface Open {
  problem: number;
  payload: TreePayload;
  index: TreeIndex;
  layout: TreeLayout;
  buckets: Uint8Array;
  collapsed: Set<number>;
  selected: number | null;
  replay: number | null;
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  renderShell(root);
  const source: DataSource = embeddedSource(document) ?? serverSource();
  const status = document.getElementById('status')!;
  const canvasEl = document.getElementById('tree') as HTMLCanvasElement;
  const colorBy = document.getElementById('color-by') as HTMLSelectElement;
  let open: Open | null = null;

  const hook: ViewerHook = {
    ready: false,
    error: null,
    problem: null,
    timings: { fetchMs: 0, indexMs: 0, layoutMs: 0, textMs: 0, readyAt: 0 },
    selected: () => open?.selected ?? null,
    replayStep: () => open?.replay ?? null,
    pagePoint: (id) => {
      const p = canvas.screenPoint(id);
      if (!p) return null;
      const r = canvasEl.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    centerOn: (id) => canvas.centerOn(id, false),
    bestId: () => open?.payload.tree.bestId ?? null,
    lastFrameMs: () => canvas.lastFrameMs,
    frames: () => canvas.frames,
    redraw: () => {
      canvas.invalidate();
      canvas.draw();
      return canvas.lastFrameMs;
    },
  };
  window.metacotViewer = hook;

  const redraw = () => {
    if (!open) return;
    canvas.setScene({ index: open.index, layout: open.layout, buckets: open.buckets, collapsed: open.collapsed, selected: open.selected, replayStep: open.replay });
  };

  const relayout = () => {
    if (!open) return;
    open.layout = layoutTree(open.index, open.collapsed);
    redraw();
  };

  const select = (id: number | null, from: 'tree' | 'text' | 'panel' | 'key') => {
    if (!open) return;
    if (id !== null) {
      // A node hidden in a collapsed subtree is brought out, so a selection is always visible.
      let changed = false;
      for (let cur = open.index.parent[id]!; cur >= 0; cur = open.index.parent[cur]!) changed = open.collapsed.delete(cur) || changed;
      if (changed) relayout();
    }
    open.selected = id;
    panel.show(id, open.collapsed);
    text.highlight(id);
    redraw();
    if (id !== null && from !== 'tree') {
      if (from === 'key') canvas.reveal(id);
      else canvas.centerOn(id);
    }
  };

  const toggle = (id: number) => {
    if (!open || open.index.children[id]!.length === 0) return;
    if (!open.collapsed.delete(id)) open.collapsed.add(id);
    relayout();
    panel.show(open.selected, open.collapsed);
  };

  const tooltip = document.getElementById('tooltip')!;
  const hover = (id: number | null, x: number, y: number) => {
    if (id === null || !open) {
      tooltip.hidden = true;
      return;
    }
    const node = open.payload.tree.nodes[id]!;
    const value = node.scores.value === undefined ? '' : ` · value ${Number(node.scores.value.toFixed(3))}`;
    const outcome = node.flags.verified === true ? ' · ✓' : node.flags.verified === false ? ' · ✗' : '';
    tooltip.textContent = `#${id}${value}${outcome}\n${id === 0 ? open.payload.tree.problem.prompt : node.step.text}`;
    tooltip.style.left = `${x + 14}px`;
    tooltip.style.top = `${y + canvasEl.offsetTop + 10}px`;
    tooltip.hidden = false;
  };
  const canvas = new TreeCanvas(canvasEl, { select: (id) => select(id, 'tree'), toggle, hover });
  const panel = new NodePanel(document.getElementById('panel')!, { select: (id) => select(id, 'panel'), toggle });
  const text = new TextPane(document.getElementById('text')!, (id) => select(id, 'text'));
  const replay = new ReplayControls(document.getElementById('replay')!, (step) => {
    if (!open) return;
    open.replay = step;
    redraw();
  }, (step) => {
    const id = open?.payload.tree.visits[step - 1];
    if (id === undefined || !open) return '';
    const text = id === 0 ? '(root)' : open.payload.tree.nodes[id]!.step.text.split('\n')[0]!;
    return `node #${id}: ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
  });

  const openProblem = async (i: number) => {
    hook.ready = false;
    status.textContent = 'loading…';
    try {
      const t0 = performance.now();
      const payload = await source.tree(i);
      const t1 = performance.now();
      const index = indexTree(payload.tree);
      const t2 = performance.now();
      const collapsed = new Set<number>();
      const layout = layoutTree(index, collapsed);
      const t3 = performance.now();
      open = { problem: i, payload, index, layout, buckets: colorBuckets(index, colorBy.value as ColorBy), collapsed, selected: null, replay: null };
      panel.setTree(index);
      panel.show(null, collapsed);
      text.show(payload.texts, payload.textError, index.onBestPath);
      const t4 = performance.now();
      problems?.setCurrent(i);
      renderInfo(payload, summaries.find((p) => p.index === i)?.correct);
      replay.reset(payload.tree.visits.length);
      redraw();
      canvas.fit();
      canvas.draw();
      hook.timings = { fetchMs: t1 - t0, indexMs: t2 - t1, layoutMs: t3 - t2, textMs: t4 - t3, readyAt: performance.now() };
      hook.problem = i;
      hook.ready = true;
      status.textContent = '';
      if (location.hash !== `#problem=${i}`) history.replaceState(null, '', `#problem=${i}`);
    } catch (error) {
      hook.error = error instanceof Error ? error.message : String(error);
      status.textContent = `Could not open problem ${i}: ${hook.error}`;
    }
  };

  const renderInfo = (payload: TreePayload, graded: boolean | null | undefined) => {
    const t = payload.tree;
    // A run's grade (against the gold answer) when there is one, else the tree's own check.
    const outcome = graded === true ? '<span class="ok">✓ correct</span>' : graded === false ? '<span class="bad">✗ wrong</span>'
      : t.verified === true ? '<span class="ok">✓ verified</span>' : t.verified === false ? '<span class="bad">✗ wrong</span>' : '<span class="muted">unverified</span>';
    const el = document.getElementById('tree-info')!;
    const parts = [
      `${t.problem.task} ${t.problem.id}`,
      `${t.search.name}`,
      `${t.nodes.length} nodes · ${t.visits.length} visits`,
      `answer ${t.answer ?? '—'}`,
      `stop: ${t.stopReason}`,
      `${(t.usage.tokensIn + t.usage.tokensOut).toLocaleString('en-US')} tokens`,
    ];
    el.innerHTML = `${parts.map((p) => `<span>${esc(p)}</span>`).join('')}${outcome}`;
    el.title = `model ${t.model} · seed ${t.seed} · options ${JSON.stringify(t.search.options)}\n${t.problem.prompt}`;
  };

  colorBy.addEventListener('change', () => {
    if (!open) return;
    open.buckets = colorBuckets(open.index, colorBy.value as ColorBy);
    redraw();
  });
  document.getElementById('fit')!.addEventListener('click', () => canvas.fit(true));
  document.getElementById('to-best')!.addEventListener('click', () => {
    if (open?.payload.tree.bestId != null) select(open.payload.tree.bestId, 'panel');
  });
  document.getElementById('expand-all')!.addEventListener('click', () => {
    if (!open) return;
    open.collapsed.clear();
    relayout();
    panel.show(open.selected, open.collapsed);
  });
  canvasEl.addEventListener('keydown', (e) => {
    if (!open) return;
    const action = treeKeyAction(e.key, open.index, open.selected, open.collapsed);
    if (!action) return;
    e.preventDefault();
    if (action.type === 'select') select(action.id, 'key');
    else if (action.type === 'toggle') toggle(action.id);
    else if (action.type === 'fit') canvas.fit(true);
    else if (action.type === 'play') replay.toggle();
    else canvas.zoomAt(action.factor, canvasEl.clientWidth / 2, canvasEl.clientHeight / 2);
  });

  let problems: ProblemList | null = null;
  let summaries: ViewerIndex['problems'] = [];
  let index: ViewerIndex;
  try {
    index = await source.index();
  } catch (error) {
    hook.error = error instanceof Error ? error.message : String(error);
    status.textContent = `Could not load the problem list: ${hook.error}`;
    return;
  }
  summaries = index.problems;
  document.getElementById('title')!.textContent = index.title;
  document.title = `${index.title} · metacot view`;
  if (index.problems.length > 1) problems = new ProblemList(document.getElementById('problems')!, index.problems, (i) => void openProblem(i));
  else root.classList.add('single');
  const fromHash = Number(/problem=(\d+)/.exec(location.hash)?.[1] ?? NaN);
  const first = index.problems.find((p) => p.index === fromHash) ?? index.problems[0];
  if (first) await openProblem(first.index);
  else status.textContent = 'This run has no problems.';
}

void start();
