import { BUCKET_COLORS, RING } from './colors.js';

/** The page's fixed frame; the components fill their slots. */
export function renderShell(root: HTMLElement): void {
  const ramp = BUCKET_COLORS.slice(0, -1).map((c) => `<i style="background:${c}"></i>`).join('');
  root.innerHTML = `
    <header class="top">
      <strong>metacot view</strong>
      <span id="title" class="muted"></span>
      <span id="tree-info"></span>
    </header>
    <aside id="problems" aria-label="problems"></aside>
    <main id="tree-pane">
      <div class="toolbar">
        <label>colour by <select id="color-by">
          <option value="value">value</option><option value="prm">PRM</option><option value="q">Q</option><option value="visits">visits</option>
        </select></label>
        <button type="button" id="fit" title="fit the tree in view (f)">Fit</button>
        <button type="button" id="to-best" title="go to the winning node (b)">Winning node</button>
        <button type="button" id="expand-all" title="expand every collapsed subtree">Expand all</button>
        <span class="legend" aria-label="legend">
          <span class="ramp">0 ${ramp} 1</span>
          <span><b class="ring" style="border-color:${RING.correct}"></b>correct</span>
          <span><b class="ring" style="border-color:${RING.wrong}"></b>wrong</span>
          <span><b class="ring" style="border-color:${RING.terminal}"></b>unverified end</span>
          <span><b class="bar" style="background:#d4a72c"></b>winning path</span>
        </span>
      </div>
      <canvas id="tree" tabindex="0" aria-label="search tree: arrows move, Enter collapses, f fits"></canvas>
      <div id="replay" class="replay"></div>
      <div id="status" class="status" role="status"></div>
      <div id="tooltip" class="tooltip" hidden></div>
    </main>
    <section id="side">
      <div id="panel" class="panel"></div>
      <div id="text" class="text" aria-label="linearized text"></div>
    </section>`;
}
