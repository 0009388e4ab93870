import { describe, expect, it } from 'vitest';
import { syntheticTree } from './test-support/synthetic-tree.js';
import { createViewerApp } from './viewer-app.js';
import { treeSource } from './viewer-source.js';
import type { TreePayload, ViewerIndex } from './viewer-data.js';

const tree = syntheticTree({ nodes: 40, seed: 1 });
const app = createViewerApp(treeSource(tree, 'tree.json'), { js: 'void 0;', css: '' });
const get = (path: string, host = '127.0.0.1:4000') => app.request(path, { headers: { host } });

describe('viewer app', () => {
  it('serves the page with its CSP, the index and a tree payload', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<div id="app">');
    const index = (await (await get('/api/index')).json()) as ViewerIndex;
    expect(index.problems).toHaveLength(1);
    expect(index.problems[0]).toMatchObject({ id: tree.problem.id, nodes: 40, correct: tree.verified });
    const payload = (await (await get('/api/trees/0')).json()) as TreePayload;
    expect(payload.tree).toEqual(tree);
    expect(payload.texts[0]!.segments.some((s) => s.nodeId !== null && s.nodeId < tree.nodes.length)).toBe(true);
  });

  it('answers bad problem numbers with a message, and other hosts not at all', async () => {
    const missing = await get('/api/trees/3');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/problem 3 does not exist/);
    expect((await get('/api/trees/x')).status).toBe(400);
    expect((await get('/', 'localhost:4000')).status).toBe(200);
    expect((await get('/', 'evil.example:4000')).status).toBe(421);
    expect((await get('/api/index', 'attacker.test')).status).toBe(421);
  });
});
