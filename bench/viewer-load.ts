/**
 * How fast the viewer opens and redraws big trees, in headless Chromium (/usr/bin/chromium).
 * For each size: the self-contained page's size, the time from navigation to the first
 * drawn frame (and the page's own breakdown), the median time to draw a frame with the
 * whole tree in view, and the frame rate while panning (whole tree in view; zoomed in).
 *
 * Synthetic best-first-shaped trees of each size, plus one real 10,004-node tree from the
 * project's best-first search (five numbers, every legal step, unreachable target).
 *
 *   npx tsx bench/viewer-load.ts [sizes...]      default: 1000 10000 30000
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleViewer } from '../src/viewer/bundle-viewer.js';
import { launchChromium } from '../src/viewer/test-support/browser.js';
import type { TraceTree } from '../src/core/tree-schema.js';
import { bigArithTree } from '../src/viewer/test-support/game24-tree.js';
import { syntheticTree } from '../src/viewer/test-support/synthetic-tree.js';
import { treeSource } from '../src/viewer/viewer-source.js';
import { writeViewerHtml } from '../src/viewer/write-viewer-html.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const dir = await mkdtemp(join(tmpdir(), 'metacot-viewer-bench-'));
const [assets, browser] = await Promise.all([bundleViewer(), launchChromium()]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log('tree              nodes   html KiB  load ms  ready ms (layout, text)  frame ms (all in view)  pan fps (all, zoomed in)');
try {
  const cases: Array<{ name: string; tree: TraceTree }> = (sizes.length > 0 ? sizes : [1000, 10_000, 30_000]).map((nodes) => ({ name: 'synthetic', tree: syntheticTree({ nodes, seed: 'bench' }) }));
  cases.push({ name: 'best-first 5 nums', tree: await bigArithTree() });
  for (const [k, { name, tree }] of cases.entries()) {
    const nodes = tree.nodes.length;
    const file = join(dir, `tree-${k}.html`);
    const { bytes } = await writeViewerHtml(treeSource(tree, `${nodes}.json`), assets, file);
    const loads: number[] = [];
    let last = { readyAt: 0, layoutMs: 0, textMs: 0, frame: 0, fps: 0, fpsNear: 0 };
    for (let run = 0; run < 3; run++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      const started = Date.now();
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => window.metacotViewer?.ready === true, null, { timeout: 60_000 });
      loads.push(Date.now() - started);
      const t = await page.evaluate(() => window.metacotViewer.timings);
      const frames: number[] = [];
      for (let i = 0; i < 9; i++) frames.push(await page.evaluate(() => window.metacotViewer.redraw()));
      // Pan: drag across the canvas for 60 animation frames through the real pointer
      // handlers, and measure the frame rate the page achieves (vsync caps it at 60).
      // (A string, not a function: tsx would wrap named helpers in calls the page lacks.)
      const pan = `(async () => {
        const c = document.getElementById('tree');
        const r = c.getBoundingClientRect();
        const at = (i) => ({ clientX: r.left + r.width / 2 + i * 3, clientY: r.top + r.height / 2 + i * 2, pointerId: 7, button: 0, bubbles: true });
        c.dispatchEvent(new PointerEvent('pointerdown', at(0)));
        const stamps = [];
        for (let i = 1; i <= 60; i++) {
          c.dispatchEvent(new PointerEvent('pointermove', at(i)));
          stamps.push(await new Promise((done) => requestAnimationFrame(done)));
        }
        c.dispatchEvent(new PointerEvent('pointerup', at(60)));
        return ((stamps.length - 1) * 1000) / (stamps[stamps.length - 1] - stamps[0]);
      })()`;
      const fps = (await page.evaluate(pan)) as number;
      // The same pan zoomed in on the winning node, the usual way to read a big tree.
      await page.evaluate(() => window.metacotViewer.centerOn(window.metacotViewer.bestId() ?? 0));
      const fpsNear = (await page.evaluate(pan)) as number;
      last = { readyAt: t.readyAt, layoutMs: t.layoutMs, textMs: t.textMs, frame: median(frames), fps, fpsNear };
      await page.close();
    }
    console.log(
      `${name.padEnd(17)} ${String(nodes).padEnd(7)} ${String(Math.round(bytes / 1024)).padStart(8)}  ${String(median(loads)).padStart(7)}  ` +
      `${last.readyAt.toFixed(0).padStart(8)} (${last.layoutMs.toFixed(0)}, ${last.textMs.toFixed(0)})`.padEnd(26) +
      `${last.frame.toFixed(1).padStart(22)}  ${last.fps.toFixed(0).padStart(7)}, ${last.fpsNear.toFixed(0)}`,
    );
  }
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
