import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleViewer } from './bundle-viewer.js';
import { BUNDLE_CSS, BUNDLE_DIR, BUNDLE_JS } from './viewer-assets.js';

/**
 * The build step for the page (`npm run build` runs it after tsc): writes the bundled
 * script and stylesheet to dist/viewer/, so an installed package serves them as files.
 */
const assets = await bundleViewer();
await mkdir(BUNDLE_DIR, { recursive: true });
await writeFile(join(BUNDLE_DIR, BUNDLE_JS), assets.js);
await writeFile(join(BUNDLE_DIR, BUNDLE_CSS), assets.css);
process.stdout.write(`viewer bundle: ${join(BUNDLE_DIR, BUNDLE_JS)} (${Math.round(assets.js.length / 1024)} KiB), ${BUNDLE_CSS} (${Math.round(assets.css.length / 1024)} KiB)\n`);
