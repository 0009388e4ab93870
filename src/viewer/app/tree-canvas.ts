import { RING } from './colors.js';
import { paintTree, type PaintScratch, type TreeScene } from './paint-tree.js';

export type { TreeScene };
import type { TreeIndex } from './tree-index.js';
import { DEPTH_GAP, type TreeLayout } from './tree-layout.js';

export interface TreeCanvasHandlers {
  select(id: number | null): void;
  toggle(id: number): void;
  /** The node under the pointer changed (null: none), for the tooltip. */
  hover(id: number | null, x: number, y: number): void;
}

const NODE_RADIUS = 5;
const MIN_SCALE = 0.001;
const MAX_SCALE = 4;

/**
 * Draws the tree on a canvas and handles zoom (wheel, around the pointer), pan (drag),
 * click (select) and double click (collapse). One canvas instead of one DOM element per
 * node keeps 10,000 nodes smooth: each frame culls to the viewport and draws each colour
 * as a single path.
 */
export class TreeCanvas {
  /** Zoom along depth (x) and along siblings (y): independent, so a tree 8,000 leaves tall
   * and 6 levels deep can be fitted without becoming a hairline. */
  kx = 1;
  ky = 1;
  tx = 0;
  ty = 0;
  /** How long the last frame took to draw, in ms (reported by the page's timing hook). */
  lastFrameMs = 0;
  frames = 0;
  private scene: TreeScene | null = null;
  private pending = false;
  private width = 0;
  private height = 0;
  private readonly ctx: CanvasRenderingContext2D;
  private animation: number | null = null;
  private cache: { canvas: HTMLCanvasElement; scene: TreeScene; kx: number; ky: number; dpr: number; ox: number; oy: number; width: number; height: number } | null = null;
  private readonly scratch: PaintScratch = { stamps: new Uint32Array(0), stampId: 0 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly handlers: TreeCanvasHandlers,
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2D canvas');
    this.ctx = ctx;
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
    this.listen();
  }

  setScene(scene: TreeScene): void {
    this.scene = scene;
    this.requestDraw();
  }

  /** Forgets the offscreen picture, so the next frame paints everything (for measuring). */
  invalidate(): void {
    this.cache = null;
  }

  requestDraw(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  /** The node's position in CSS pixels relative to the canvas' top-left corner. */
  screenPoint(id: number): { x: number; y: number } | null {
    const s = this.scene;
    if (!s || !s.layout.shown[id]) return null;
    return { x: s.layout.x[id]! * this.kx + this.tx, y: s.layout.y[id]! * this.ky + this.ty };
  }

  fit(animate = false): void {
    const s = this.scene;
    if (!s || this.width === 0) return;
    const { minX, maxX, minY, maxY } = s.layout;
    const margin = 40;
    const kx = clamp((this.width - 2 * margin) / Math.max(1, maxX - minX + DEPTH_GAP * 0.8), MIN_SCALE, 1.2);
    // Never stretch siblings further apart than depth levels: that would only look odd.
    const ky = clamp((this.height - 2 * margin) / Math.max(1, maxY - minY), MIN_SCALE, Math.max(kx, 0.6));
    this.moveTo(kx, ky, margin - minX * kx, this.height / 2 - ((minY + maxY) / 2) * ky, animate);
  }

  /** Brings a node into the middle of the view, zooming in far enough to read its label. */
  centerOn(id: number, animate = true): void {
    const s = this.scene;
    if (!s || !s.layout.shown[id]) return;
    const kx = Math.max(this.kx, 0.9);
    const ky = Math.max(this.ky, 0.9);
    this.moveTo(kx, ky, this.width * 0.4 - s.layout.x[id]! * kx, this.height / 2 - s.layout.y[id]! * ky, animate);
  }

  /** Keeps a node visible: pans only when it is outside the view or too close to an edge. */
  reveal(id: number): void {
    const p = this.screenPoint(id);
    if (!p) return;
    const m = 30;
    if (p.x < m || p.y < m || p.x > this.width - m || p.y > this.height - m) this.centerOn(id);
  }

  /** The shown node under a point (CSS pixels on the canvas), if any. */
  hit(sx: number, sy: number): number | null {
    const s = this.scene;
    if (!s) return null;
    // Distances in screen pixels, since the two axes zoom independently.
    const reach = Math.max(this.radius() + 3, 7);
    let best: number | null = null;
    let bestD = reach * reach;
    const { x, y, order } = s.layout;
    for (let k = 0; k < order.length; k++) {
      const id = order[k]!;
      const dx = x[id]! * this.kx + this.tx - sx;
      const dy = y[id]! * this.ky + this.ty - sy;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = id;
      }
    }
    return best;
  }

  /** Zooms around a point; `axis` limits the zoom to depth (x) or to siblings (y). */
  zoomAt(factor: number, sx: number, sy: number, axis: 'both' | 'x' | 'y' = 'both'): void {
    if (axis !== 'y') {
      const kx = clamp(this.kx * factor, MIN_SCALE, MAX_SCALE);
      this.tx = sx - (sx - this.tx) * (kx / this.kx);
      this.kx = kx;
    }
    if (axis !== 'x') {
      const ky = clamp(this.ky * factor, MIN_SCALE, MAX_SCALE);
      this.ty = sy - (sy - this.ty) * (ky / this.ky);
      this.ky = ky;
    }
    this.requestDraw();
  }

  private radius(): number {
    return Math.max(NODE_RADIUS * Math.min(this.kx, this.ky), 1.3);
  }

  private moveTo(kx: number, ky: number, tx: number, ty: number, animate: boolean): void {
    if (this.animation !== null) cancelAnimationFrame(this.animation);
    this.animation = null;
    if (!animate) {
      Object.assign(this, { kx, ky, tx, ty });
      this.requestDraw();
      return;
    }
    const from = { kx: this.kx, ky: this.ky, tx: this.tx, ty: this.ty };
    const started = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - started) / 250);
      const e = t * (2 - t);
      this.kx = from.kx + (kx - from.kx) * e;
      this.ky = from.ky + (ky - from.ky) * e;
      this.tx = from.tx + (tx - from.tx) * e;
      this.ty = from.ty + (ty - from.ty) * e;
      this.draw();
      this.animation = t < 1 ? requestAnimationFrame(step) : null;
    };
    this.animation = requestAnimationFrame(step);
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    this.width = rect.width;
    this.height = rect.height;
    this.canvas.width = Math.max(1, Math.round(rect.width * dpr));
    this.canvas.height = Math.max(1, Math.round(rect.height * dpr));
    this.requestDraw();
  }

  private listen(): void {
    const c = this.canvas;
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean; id: number } | null = null;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      // Shift zooms siblings only (spreads a crowded level), Alt zooms depth only.
      this.zoomAt(Math.exp(-delta * 0.0015), e.clientX - r.left, e.clientY - r.top, e.shiftKey ? 'y' : e.altKey ? 'x' : 'both');
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      try {
        c.setPointerCapture(e.pointerId);
      } catch {
        // Synthetic pointers (automation) cannot be captured; dragging still works inside the canvas.
      }
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false, id: e.pointerId };
    });
    let hovered: number | null = null;
    c.addEventListener('pointerleave', () => {
      hovered = null;
      this.handlers.hover(null, 0, 0);
    });
    c.addEventListener('pointermove', (e) => {
      if (!drag) {
        const r = c.getBoundingClientRect();
        const id = this.hit(e.clientX - r.left, e.clientY - r.top);
        if (id !== hovered || id !== null) this.handlers.hover(id, e.clientX - r.left, e.clientY - r.top);
        hovered = id;
        return;
      }
      if (drag.id !== e.pointerId) return;
      if (hovered !== null) {
        hovered = null;
        this.handlers.hover(null, 0, 0);
      }
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && dx * dx + dy * dy < 16) return;
      drag.moved = true;
      c.style.cursor = 'grabbing';
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this.requestDraw();
    });
    c.addEventListener('pointerup', (e) => {
      if (!drag || drag.id !== e.pointerId) return;
      const moved = drag.moved;
      drag = null;
      c.style.cursor = '';
      if (moved) return;
      const r = c.getBoundingClientRect();
      this.handlers.select(this.hit(e.clientX - r.left, e.clientY - r.top));
    });
    c.addEventListener('dblclick', (e) => {
      const r = c.getBoundingClientRect();
      const id = this.hit(e.clientX - r.left, e.clientY - r.top);
      if (id !== null) this.handlers.toggle(id);
    });
  }

  draw(): void {
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const ctx = this.ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    const s = this.scene;
    if (!s) return;
    const cache = this.cachedScene(s, dpr);
    if (cache) {
      // Panning a tree that fits near the view: copy the picture drawn at this zoom.
      const dx = Math.round((this.tx - cache.ox) * dpr) / dpr;
      const dy = Math.round((this.ty - cache.oy) * dpr) / dpr;
      ctx.drawImage(cache.canvas, dx, dy, cache.width, cache.height);
    } else {
      paintTree(ctx, s, { kx: this.kx, ky: this.ky, tx: this.tx, ty: this.ty, width: this.width, height: this.height, r: this.radius() }, this.scratch);
    }
    // The selection and the replay's current node sit on top.
    const r = this.radius();
    const replay = s.replayStep;
    if (replay !== null && replay > 0) this.ringAt(s.index.tree.visits[replay - 1]!, r + 5, RING.current, 3, s);
    if (s.selected !== null) this.ringAt(s.selected, r + 3.5, RING.selected, 2.5, s);
    this.lastFrameMs = performance.now() - started;
    this.frames++;
  }

  /**
   * The scene drawn once at the current zoom onto an offscreen canvas, when the whole tree
   * at this zoom is at most a few screens large; null otherwise (then each frame draws only
   * what is in view). Any scene change or zoom makes a new one; a pan reuses it, which is
   * what keeps dragging a zoomed-out 10,000-node tree at the frame rate.
   */
  private cachedScene(s: TreeScene, dpr: number): { canvas: HTMLCanvasElement; ox: number; oy: number; width: number; height: number } | null {
    const c = this.cache;
    if (c && c.scene === s && c.kx === this.kx && c.ky === this.ky && c.dpr === dpr) return c;
    const { minX, maxX, minY, maxY } = s.layout;
    const mx = DEPTH_GAP * this.kx + 20; // labels and collapse markers reach right of a node
    const my = 24;
    const width = Math.ceil((maxX - minX) * this.kx + 2 * mx);
    const height = Math.ceil((maxY - minY) * this.ky + 2 * my);
    if (width * height > 4 * this.width * this.height || width * dpr > 8192 || height * dpr > 8192) {
      this.cache = null;
      return null;
    }
    const canvas = c?.canvas ?? document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const ox = mx - minX * this.kx;
    const oy = my - minY * this.ky;
    paintTree(ctx, s, { kx: this.kx, ky: this.ky, tx: ox, ty: oy, width, height, r: this.radius() }, this.scratch);
    this.cache = { canvas, scene: s, kx: this.kx, ky: this.ky, dpr, ox, oy, width, height };
    return this.cache;
  }

  private ringAt(id: number, radius: number, color: string, width: number, s: TreeScene): void {
    if (id === undefined || !s.layout.shown[id]) return;
    const ctx = this.ctx;
    ctx.beginPath();
    ctx.arc(s.layout.x[id]! * this.kx + this.tx, s.layout.y[id]! * this.ky + this.ty, Math.max(radius, 6), 0, Math.PI * 2);
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.stroke();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
