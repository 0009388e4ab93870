import { BUCKET_COLORS, EDGE, RING } from './colors.js';
import type { TreeIndex } from './tree-index.js';
import { DEPTH_GAP, SIBLING_GAP, type TreeLayout } from './tree-layout.js';

/** What the canvas paints: the tree, its layout, and what is collapsed, selected and replayed. */
export interface TreeScene {
  index: TreeIndex;
  layout: TreeLayout;
  buckets: Uint8Array;
  collapsed: ReadonlySet<number>;
  selected: number | null;
  /** Replay position (visits done), or null when showing the whole search. */
  replayStep: number | null;
}

/** Zoom per axis, the origin and size of the area drawn, and the node radius in pixels. */
export interface PaintView {
  kx: number;
  ky: number;
  tx: number;
  ty: number;
  width: number;
  height: number;
  r: number;
}

/** Per-frame marks of pixel cells already holding a node, kept between frames to save allocations. */
export interface PaintScratch {
  stamps: Uint32Array;
  stampId: number;
}

/**
 * Draws edges, nodes, rings and labels of the part of the tree inside the view. Everything
 * of one style goes into one path, so the cost is one fill or stroke per colour, not per node.
 */
export function paintTree(ctx: CanvasRenderingContext2D, s: TreeScene, view: PaintView, scratch: PaintScratch): void {
  const { tx, ty, width, height } = view;
  const { x, y, shown, order } = s.layout;
  const { parent, births, onBestPath, outcome, subtreeSize } = s.index;
  const { kx, ky, r } = view;
  const pad = r + 4;
  const replay = s.replayStep;
  const born = (id: number) => replay === null || births[id]! <= replay;
  const sxOf = (id: number) => x[id]! * kx + tx;
  const syOf = (id: number) => y[id]! * ky + ty;
  const inView = (sx: number, sy: number) => sx > -pad && sx < width + pad && sy > -pad && sy < height + pad;
  const curved = ky > 0.08;

  // Zoomed out, thousands of nodes and edges land on the same few pixels; drawing each
  // once per pixel cell (the winning path always) keeps software rasterizing cheap.
  const cell = Math.max(1, Math.floor(r));
  const cols = Math.ceil((width + 2 * pad) / cell) + 1;
  const cellOf = (sx: number, sy: number) => Math.floor((sy + pad) / cell) * cols + Math.floor((sx + pad) / cell);
  const seenEdges = new Set<number>();
  const cellCount = cols * (Math.ceil((height + 2 * pad) / cell) + 1);

  // Edges: one path per style. When siblings sit under 2.5 px apart, a parent's edges
  // merge into a solid fan anyway, so each fan is drawn as one triangle (born and unborn
  // children apart during a replay); only the winning path keeps its own line.
  const edgePaths = { normal: new Path2D(), best: new Path2D(), unborn: new Path2D() };
  const fans = SIBLING_GAP * ky < 2.5;
  if (fans) {
    const fanPaths = { normal: new Path2D(), unborn: new Path2D() };
    const { children } = s.index;
    for (let k = 0; k < order.length; k++) {
      const id = order[k]!;
      const kids = children[id]!;
      if (kids.length === 0 || s.collapsed.has(id)) continue;
      const px = sxOf(id), py = syOf(id), cx = sxOf(kids[0]!);
      if (Math.max(px, cx) < -pad || Math.min(px, cx) > width + pad) continue;
      let bornLo = Infinity, bornHi = -Infinity, unbornLo = Infinity, unbornHi = -Infinity;
      for (const kid of kids) {
        const ky2 = syOf(kid);
        if (born(kid)) {
          if (ky2 < bornLo) bornLo = ky2;
          if (ky2 > bornHi) bornHi = ky2;
        } else {
          if (ky2 < unbornLo) unbornLo = ky2;
          if (ky2 > unbornHi) unbornHi = ky2;
        }
      }
      const fan = (lo: number, hi: number, area: Path2D, line: Path2D) => {
        if (lo > hi || Math.max(py, hi) < -pad || Math.min(py, lo) > height + pad) return;
        if (hi - lo < 1) {
          line.moveTo(px, py);
          line.lineTo(cx, (lo + hi) / 2);
          return;
        }
        area.moveTo(px, py);
        area.lineTo(cx, lo);
        area.lineTo(cx, hi);
        area.closePath();
      };
      const lo = Math.min(bornLo, unbornLo), hi = Math.max(bornHi, unbornHi);
      if ((hi - lo) / Math.max(1, kids.length - 1) >= 2.5) {
        // Children far enough apart to tell apart (parents of big subtrees): real lines.
        if (Math.max(py, hi) < -pad || Math.min(py, lo) > height + pad) continue;
        for (const kid of kids) {
          const path = born(kid) ? edgePaths.normal : edgePaths.unborn;
          path.moveTo(px, py);
          path.lineTo(cx, syOf(kid));
        }
        continue;
      }
      fan(unbornLo, unbornHi, fanPaths.unborn, edgePaths.unborn);
      fan(bornLo, bornHi, fanPaths.normal, edgePaths.normal);
    }
    ctx.fillStyle = EDGE.unborn;
    ctx.fill(fanPaths.unborn);
    ctx.fillStyle = EDGE.normal;
    ctx.fill(fanPaths.normal);
  }
  for (let k = 1; k < order.length; k++) {
    const id = order[k]!;
    const p = parent[id]!;
    if (p < 0 || !shown[p]) continue;
    if (fans && !(onBestPath[id] && born(id))) continue;
    const px = sxOf(p), py = syOf(p), cx = sxOf(id), cy = syOf(id);
    if (Math.max(px, cx) < -pad || Math.min(px, cx) > width + pad || Math.max(py, cy) < -pad || Math.min(py, cy) > height + pad) continue;
    const path = !born(id) ? edgePaths.unborn : onBestPath[id] ? edgePaths.best : edgePaths.normal;
    if (!curved && !onBestPath[id]) {
      const key = clampCell(cellOf(px, py), cellCount) * cellCount + clampCell(cellOf(cx, cy), cellCount);
      if (seenEdges.has(key)) continue;
      seenEdges.add(key);
    }
    path.moveTo(px, py);
    if (curved) {
      const mx = (px + cx) / 2;
      path.bezierCurveTo(mx, py, mx, cy, cx, cy);
    } else path.lineTo(cx, cy);
  }
  ctx.lineWidth = 1;
  ctx.strokeStyle = EDGE.unborn;
  ctx.stroke(edgePaths.unborn);
  ctx.strokeStyle = EDGE.normal;
  ctx.stroke(edgePaths.normal);
  ctx.lineWidth = Math.max(2, 3 * Math.min(1, ky));
  ctx.strokeStyle = EDGE.best;
  ctx.stroke(edgePaths.best);

  // Nodes: one path per colour bucket; rings by outcome.
  const fills = BUCKET_COLORS.map(() => new Path2D());
  const unborn = new Path2D();
  const rings = { correct: new Path2D(), wrong: new Path2D(), terminal: new Path2D(), best: new Path2D() };
  const round = r >= 2.5;
  if (scratch.stamps.length < cellCount) scratch.stamps = new Uint32Array(cellCount);
  const stamp = ++scratch.stampId;
  const stamps = scratch.stamps;
  const visible: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const id = order[k]!;
    const sx = sxOf(id), sy = syOf(id);
    if (!inView(sx, sy)) continue;
    if (!round && !onBestPath[id]) {
      const c = cellOf(sx, sy);
      if (stamps[c] === stamp) continue;
      stamps[c] = stamp;
    }
    visible.push(id);
    const target = born(id) ? fills[s.buckets[id]!]! : unborn;
    if (round) {
      target.moveTo(sx + r, sy);
      target.arc(sx, sy, r, 0, Math.PI * 2);
    } else target.rect(sx - r, sy - r, 2 * r, 2 * r);
    if (!born(id)) continue;
    const o = outcome[id]!;
    const ring = onBestPath[id] ? rings.best : o === 1 ? rings.correct : o === 2 ? rings.wrong : o === 3 ? rings.terminal : null;
    if (ring && round) {
      ring.moveTo(sx + r + 1.5, sy);
      ring.arc(sx, sy, r + 1.5, 0, Math.PI * 2);
    }
  }
  ctx.fillStyle = EDGE.unborn;
  ctx.fill(unborn);
  fills.forEach((path, bucket) => {
    ctx.fillStyle = BUCKET_COLORS[bucket]!;
    ctx.fill(path);
  });
  ctx.lineWidth = Math.max(1.5, Math.min(3, r * 0.45));
  for (const [kind, color] of [['terminal', RING.terminal], ['wrong', RING.wrong], ['correct', RING.correct], ['best', RING.best]] as const) {
    ctx.strokeStyle = color;
    ctx.stroke(rings[kind]);
  }

  // Per-node decorations for the few visible nodes: collapsed markers, labels.
  const labels = SIBLING_GAP * ky >= 11;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const id of visible) {
    const sx = sxOf(id), sy = syOf(id);
    if (s.collapsed.has(id) && subtreeSize[id]! > 1) {
      ctx.fillStyle = '#24292f';
      ctx.beginPath();
      ctx.moveTo(sx + r + 3, sy - 4);
      ctx.lineTo(sx + r + 9, sy);
      ctx.lineTo(sx + r + 3, sy + 4);
      ctx.fill();
      if (labels) ctx.fillText(`+${subtreeSize[id]! - 1}`, sx + r + 11, sy - 9);
    }
    if (!labels || !born(id)) continue;
    const node = s.index.tree.nodes[id]!;
    const text = id === 0 ? s.index.tree.problem.prompt : node.step.text;
    const room = DEPTH_GAP * kx - 2 * r - 14;
    if (room < 24) continue;
    const max = Math.floor(room / 6.5);
    const line = firstLine(text);
    ctx.fillStyle = onBestPath[id] ? '#1f2328' : '#57606a';
    ctx.fillText(line.length > max ? `${line.slice(0, Math.max(1, max - 1))}…` : line, sx + r + 4, sy + (s.collapsed.has(id) ? 9 : 0));
  }
}

function clampCell(c: number, count: number): number {
  return c < 0 ? 0 : c >= count ? count - 1 : c;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).trim();
}
