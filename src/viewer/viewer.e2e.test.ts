import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import type { TraceTree } from '../core/tree-schema.js';
import { readRun } from '../eval/read-run.js';
import { PACKAGE_ROOT, type ViewerAssets } from './bundle-viewer.js';
import { loadViewerAssets } from './viewer-assets.js';
import { serveViewer, type ViewerServer } from './serve-viewer.js';
import { summarizeProblem } from './summarize-problem.js';
import { browserAvailable, browserSkipReason, launchChromium } from './test-support/browser.js';
import { game24Tree } from './test-support/game24-tree.js';
import { syntheticTree } from './test-support/synthetic-tree.js';
import { treePayload } from './tree-payload.js';
import type { ViewerSource } from './viewer-source.js';
import { treeSource } from './viewer-source.js';
import { writeViewerHtml } from './write-viewer-html.js';

const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts');
const TOKENS_OUT = [50, 900, 10];
/** Measured on the 2-core development machine: ~0.8 s to ready; the bound leaves room for a loaded CI box. */
const LOAD_BOUND_MS = 5000;

if (!browserAvailable) console.warn(browserSkipReason);

describe.skipIf(!browserAvailable)('viewer in Chromium', () => {
  let browser: Browser;
  let assets: ViewerAssets;
  let server: ViewerServer;
  let trees: TraceTree[];

  beforeAll(async () => {
    // From source this bundles src/viewer/app (once per process; `metacot view` below reuses it).
    [browser, assets] = await Promise.all([launchChromium(), loadViewerAssets()]);
    trees = [await game24Tree('2 3 4 6', 7, 6), await game24Tree('1 3 4 6', 7, 4), await game24Tree('1 2 3 4', 7, 4)];
    const source: ViewerSource = {
      // The symbolic policy spends no tokens; the run's records would say what a model spent.
      index: { title: 'e2e run', problems: trees.map((t, i) => summarizeProblem(i, t, { level: i === 1 ? 2 : 1, tokensIn: 100, tokensOut: TOKENS_OUT[i]! })) },
      payload: async (i) => treePayload(trees[i]!),
    };
    server = await serveViewer(source, assets);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  async function openPage(url: string, viewport = { width: 1400, height: 850 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    // A CSP violation (something the page tried to load or run) shows up as a console error.
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    await page.waitForFunction(() => window.metacotViewer?.ready === true || window.metacotViewer?.error !== null, null, { timeout: 15_000 });
    expect(await page.evaluate(() => window.metacotViewer.error)).toBeNull();
    return { page, requests, errors };
  }

  async function clickNode(page: Page, id: number): Promise<void> {
    await page.evaluate((n) => window.metacotViewer.centerOn(n), id);
    await page.waitForFunction(() => window.metacotViewer.frames() > 0);
    const p = await page.evaluate((n) => window.metacotViewer.pagePoint(n), id);
    expect(p).not.toBeNull();
    await page.mouse.click(p!.x, p!.y);
  }

  it('lists the run, filters by outcome and level, sorts by tokens, opens a problem', async () => {
    const { page, errors } = await openPage(server.url);
    const rows = page.locator('ol.problems li');
    await expect.poll(() => rows.count()).toBe(3);
    const solved = trees.map((t) => t.verified === true);
    await page.selectOption('select[name=outcome]', 'correct');
    expect(await rows.count()).toBe(solved.filter(Boolean).length);
    await page.selectOption('select[name=outcome]', 'all');
    await page.selectOption('select[name=level]', '2');
    expect(await rows.locator('.pid').allTextContents()).toEqual([trees[1]!.problem.id]);
    await page.selectOption('select[name=level]', 'all');
    await page.selectOption('select[name=sort]', 'tokens-desc');
    const order = () => rows.evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.index)));
    expect(await order()).toEqual([1, 0, 2]);
    await page.selectOption('select[name=sort]', 'tokens-asc');
    expect(await order()).toEqual([2, 0, 1]);
    expect(await rows.nth(0).locator('.meta').textContent()).toContain('110 tok');
    await rows.filter({ hasText: trees[2]!.problem.id }).click();
    await page.waitForFunction(() => window.metacotViewer.problem === 2 && window.metacotViewer.ready);
    expect(await page.locator('#tree-info').textContent()).toContain(`${trees[2]!.nodes.length} nodes`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('links a clicked node to its panel and text segment, a clicked segment to its node, and replays the search', async () => {
    const tree = trees[0]!;
    const { page, errors } = await openPage(server.url);
    const best = tree.bestId!;
    const target = tree.nodes[best]!.parentId!;
    const node = tree.nodes[target]!;

    await clickNode(page, target);
    expect(await page.evaluate(() => window.metacotViewer.selected())).toBe(target);
    expect(await page.locator('.node-title').textContent()).toContain(`Node #${target}`);
    expect(await page.locator('pre.step-text').textContent()).toBe(node.step.text);
    expect(await page.locator('[data-k=value]').textContent()).toBe(node.scores.value!.toFixed(3));
    expect(await page.locator('.tags').textContent()).toContain('winning path');
    const highlighted = page.locator('.seg.sel');
    expect(await highlighted.count()).toBeGreaterThan(0);
    expect(await highlighted.evaluateAll((els) => [...new Set(els.map((el) => (el as HTMLElement).dataset.node))])).toEqual([String(target)]);
    expect(await highlighted.first().textContent()).toContain(node.step.text);
    await page.waitForTimeout(300); // the centring glide
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-selected-node.png') });

    // Other formats keep the link: the winning-path node is in the sos trace and the solution.
    expect(await page.locator('select[name=format] option').allTextContents()).toEqual(['meta-cot', 'sos', 'optimal-path']);
    await page.selectOption('select[name=format]', 'sos');
    expect(await page.locator('.text-body').textContent()).toContain('Current State: 24:[2, 3, 4, 6]');
    expect(await page.locator(`.seg.sel[data-node="${target}"]`).count()).toBeGreaterThan(0);
    await page.selectOption('select[name=format]', 'meta-cot');

    // The reverse: a text segment selects its node.
    const other = tree.nodes.find((n) => n.parentId === 0 && n.id !== target)!;
    await page.locator(`.seg[data-node="${other.id}"]`).first().click();
    expect(await page.evaluate(() => window.metacotViewer.selected())).toBe(other.id);
    expect(await page.locator('pre.step-text').textContent()).toBe(other.step.text);

    // Replay: the slider starts at the whole search; step back, then to the start and forward.
    const visits = tree.visits.length;
    expect(await page.locator('.replay-label').textContent()).toContain(`${visits} visits`);
    await page.click('.replay .back');
    expect(await page.evaluate(() => window.metacotViewer.replayStep())).toBe(visits - 1);
    await page.locator('.replay .slider').fill('0');
    expect(await page.evaluate(() => window.metacotViewer.replayStep())).toBe(0);
    await page.click('.replay .fwd');
    await page.click('.replay .fwd');
    expect(await page.evaluate(() => window.metacotViewer.replayStep())).toBe(2);
    expect(await page.locator('.replay-label').textContent()).toMatch(new RegExp(`^visit 2 of ${visits} · node #${tree.visits[1]}: `));
    await page.selectOption('.replay .rate', '250');
    await page.click('.replay .play');
    await page.waitForFunction(() => window.metacotViewer.replayStep() === null, null, { timeout: 10_000 });
    await page.locator('.replay .slider').fill(String(Math.floor(visits / 2)));
    await page.click('#fit');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-replay.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('collapses and expands a subtree, moves by keyboard, shows a tooltip on hover', async () => {
    const tree = trees[0]!;
    const { page } = await openPage(server.url);
    const parent = tree.nodes.find((n) => n.parentId === 0 && tree.nodes.some((c) => c.parentId === n.id))!;
    const child = tree.nodes.find((n) => n.parentId === parent.id)!;
    await clickNode(page, parent.id);
    const p = await page.evaluate((n) => window.metacotViewer.pagePoint(n), parent.id);
    await page.mouse.move(p!.x + 1, p!.y);
    await expect.poll(() => page.locator('#tooltip').isVisible()).toBe(true);
    expect(await page.locator('#tooltip').textContent()).toContain(parent.step.text);
    await page.focus('#tree');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => window.metacotViewer.selected())).toBe(child.id);
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => window.metacotViewer.selected())).toBe(parent.id);
    await page.mouse.dblclick(p!.x, p!.y);
    expect(await page.evaluate((n) => window.metacotViewer.pagePoint(n), child.id)).toBeNull();
    await page.locator('.panel button[data-toggle]').click();
    expect(await page.evaluate((n) => window.metacotViewer.pagePoint(n), child.id)).not.toBeNull();
    await page.close();
  });

  it('writes a self-contained file that opens from disk without a single other request', async () => {
    const file = join(ARTIFACTS, 'viewer-game24.html');
    await writeViewerHtml(treeSource(trees[0]!, 'game24.json'), assets, file);
    const { page, requests, errors } = await openPage(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.locator('.seg[data-node]').count()).toBeGreaterThan(0);
    await clickNode(page, trees[0]!.bestId!);
    expect(await page.locator('.tags').textContent()).toContain('verified correct');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a run folder made by metacot eval, written by metacot view --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'metacot-view-e2e-'));
    try {
      const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false };
      const run = join(dir, 'run');
      expect(await runCli(['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'mcts-16', '--limit', '4', '-o', run], quiet)).toBe(0);
      const file = join(dir, 'run.html');
      expect(await runCli(['view', run, '--out', file], quiet)).toBe(0);
      const { records } = await readRun(run);
      const { page, requests, errors } = await openPage(`file://${file}`);
      expect(requests).toHaveLength(1);
      const rows = page.locator('ol.problems li');
      expect(await rows.locator('.pid').allTextContents()).toEqual(records.map((r) => r.id));
      expect(await rows.locator('.ok').count()).toBe(records.filter((r) => r.correct).length);
      await rows.nth(3).click();
      await page.waitForFunction(() => window.metacotViewer.problem === 3 && window.metacotViewer.ready);
      expect(await page.locator('#tree-info').textContent()).toContain(records[3]!.id);
      expect(await page.locator('#tree-info').textContent()).toContain(records[3]!.correct ? '✓ correct' : '✗ wrong');
      await page.selectOption('#color-by', 'visits');
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-eval-run.png') });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it(`loads a 10,000-node tree within ${LOAD_BOUND_MS} ms and redraws it in well under a frame budget`, async () => {
    const tree = syntheticTree({ nodes: 10_000, seed: 'e2e' });
    const file = join(ARTIFACTS, 'viewer-10k.html');
    await writeViewerHtml(treeSource(tree, '10k.json'), assets, file);
    const started = Date.now();
    const { page } = await openPage(`file://${file}`);
    const loadMs = Date.now() - started;
    const readyAt = await page.evaluate(() => window.metacotViewer.timings.readyAt);
    // The whole tree in view is the worst case for a frame: every node and edge is drawn.
    const frames: number[] = [];
    for (let i = 0; i < 5; i++) frames.push(await page.evaluate(() => window.metacotViewer.redraw()));
    frames.sort((a, b) => a - b);
    const medianFrame = frames[2]!;
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-10k.png') });
    await writeFile(join(ARTIFACTS, 'viewer-10k.json'), JSON.stringify({ loadMs, readyAt, frames }, null, 2));
    expect(loadMs).toBeLessThan(LOAD_BOUND_MS);
    expect(readyAt).toBeLessThan(LOAD_BOUND_MS);
    expect(medianFrame).toBeLessThan(100);
    await clickNode(page, tree.bestId!);
    expect(await page.evaluate(() => window.metacotViewer.selected())).toBe(tree.bestId);
    await page.close();
  });
});
