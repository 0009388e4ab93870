import { createHash } from 'node:crypto';
import type { ViewerAssets } from './bundle-viewer.js';
import type { ViewerIndex } from './viewer-data.js';

export interface EmbeddedData {
  index: ViewerIndex;
  /** Each problem's payload as JSON text, by problem index. */
  trees: ReadonlyMap<number, string>;
}

/** JSON that is safe inside a <script> element: no `</script>` or `<!--` can appear in it. */
export function scriptSafeJson(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The Content-Security-Policy of the page: only its own inline script (pinned by hash) runs,
 * and nothing can be fetched — except, when served, same-origin API calls. This is what
 * guarantees that opening a view never touches the network.
 */
export function viewerCsp(assets: ViewerAssets, served: boolean): string {
  const hash = createHash('sha256').update(assets.js).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    `connect-src ${served ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The whole page as one HTML string. With `embedded` data it is self-contained (the
 * `--out` file); without, the script asks the server that served it.
 */
export function viewerPage(assets: ViewerAssets, title: string, embedded?: EmbeddedData): string {
  // esbuild escapes these inside strings; a bundle that still has one would end its element early.
  if (/<\/script/i.test(assets.js) || /<\/style/i.test(assets.css)) throw new Error('viewer bundle contains a closing script or style tag');
  const data: string[] = [];
  if (embedded) {
    data.push(`<script type="application/json" id="metacot-index">${scriptSafeJson(JSON.stringify(embedded.index))}</script>`);
    for (const [i, json] of embedded.trees) data.push(`<script type="application/json" id="metacot-tree-${i}">${scriptSafeJson(json)}</script>`);
  }
  const escTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${viewerCsp(assets, !embedded)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escTitle} · metacot view</title>
<style>${assets.css}</style>
</head>
<body>
<div id="app"></div>
${data.join('\n')}
<script>${assets.js}</script>
</body>
</html>
`;
}
