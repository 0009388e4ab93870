import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { ViewerAssets } from './bundle-viewer.js';
import { TREE_ENCODING, type ViewerIndex } from './viewer-data.js';

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

/** The page served by `metacot view` (the script asks the server for its data). */
export function viewerPage(assets: ViewerAssets, title: string): string {
  return viewerPageHead(assets, title, true) + viewerPageTail(assets);
}

/**
 * The page up to where data elements go: `--out` writes its data elements after this and
 * `viewerPageTail` last, so the page is written piece by piece and never held whole.
 */
export function viewerPageHead(assets: ViewerAssets, title: string, served: boolean): string {
  // esbuild escapes these inside strings; a bundle that still has one would end its element early.
  if (/<\/script/i.test(assets.js) || /<\/style/i.test(assets.css)) throw new Error('viewer bundle contains a closing script or style tag');
  const escTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${viewerCsp(assets, served)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escTitle} · metacot view</title>
<style>${assets.css}</style>
</head>
<body>
<div id="app"></div>
`;
}

/** The app's script and the end of the page. */
export function viewerPageTail(assets: ViewerAssets): string {
  return `<script>${assets.js}</script>
</body>
</html>
`;
}

/** The problem list of a self-contained page, as a JSON data element. */
export function indexElement(index: ViewerIndex): string {
  return `<script type="application/json" id="metacot-index">${scriptSafeJson(JSON.stringify(index))}</script>\n`;
}

/**
 * One problem's payload as a data element of a self-contained page: its JSON compressed
 * with raw deflate and written in base64 (a fifth to a tenth of the JSON's size; base64
 * cannot close the element), which the page inflates only when the problem is opened.
 */
export function treeElement(problem: number, payloadJson: string): string {
  const packed = deflateRawSync(Buffer.from(payloadJson, 'utf8')).toString('base64');
  return `<script type="application/octet-stream" id="metacot-tree-${problem}" data-encoding="${TREE_ENCODING}">${packed}</script>\n`;
}
