import { Hono } from 'hono';
import { InputError } from '../core/errors.js';
import type { ViewerAssets } from './bundle-viewer.js';
import { viewerCsp, viewerPage } from './viewer-page.js';
import type { ViewerSource } from './viewer-source.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The host name of a Host header, without the port. */
function hostName(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

/**
 * The viewer's HTTP app: the page at `/`, the problem list at `/api/index`, one problem's
 * tree and text at `/api/trees/:n`. Requests naming another host are refused, so a web
 * page cannot reach the loopback server through DNS rebinding.
 */
export function createViewerApp(source: ViewerSource, assets: ViewerAssets): Hono {
  const app = new Hono();
  const page = viewerPage(assets, source.index.title);
  const csp = viewerCsp(assets, true);
  const cache = new Map<number, string>();

  app.use('*', async (c, next) => {
    if (!LOOPBACK_NAMES.has(hostName(c.req.header('host')))) {
      return c.text('metacot view answers only requests to 127.0.0.1 or localhost\n', 421);
    }
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'no-store');
  });
  app.get('/', (c) => {
    c.header('content-security-policy', csp);
    return c.html(page);
  });
  app.get('/api/index', (c) => c.json(source.index));
  app.get('/api/trees/:n', async (c) => {
    const n = Number(c.req.param('n'));
    if (!Number.isInteger(n) || n < 0) return c.json({ error: `problem must be a non-negative integer, got '${c.req.param('n')}'` }, 400);
    let json = cache.get(n);
    if (json === undefined) {
      try {
        json = JSON.stringify(await source.payload(n));
      } catch (error) {
        if (error instanceof InputError) return c.json({ error: error.message }, 404);
        throw error;
      }
      // Keep the last few trees: flipping between problems should not re-read and re-linearize.
      if (cache.size >= 8) cache.delete(cache.keys().next().value!);
      cache.set(n, json);
    }
    return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  app.notFound((c) => c.text('not found\n', 404));
  return app;
}
