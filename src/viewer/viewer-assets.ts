import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetacotError } from '../core/errors.js';
import { bundleViewer, PACKAGE_ROOT, type ViewerAssets } from './bundle-viewer.js';

export const BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'viewer');
export const BUNDLE_JS = 'viewer.js';
export const BUNDLE_CSS = 'viewer.css';

let fromSource: Promise<ViewerAssets> | null = null;

/**
 * The page assets: the bundle `npm run build` wrote to dist/viewer/, or, when running
 * from source (tsx) or before a build, a fresh in-memory bundle of src/viewer/app.
 */
export async function loadViewerAssets(): Promise<ViewerAssets> {
  if (!import.meta.url.endsWith('.ts')) {
    try {
      const [js, css] = await Promise.all([
        readFile(join(BUNDLE_DIR, BUNDLE_JS), 'utf8'),
        readFile(join(BUNDLE_DIR, BUNDLE_CSS), 'utf8'),
      ]);
      return { js, css };
    } catch {
      // Not built yet: fall through to bundling from source.
    }
  }
  try {
    // One bundle per process: a process that views twice (tests, a long session) builds once.
    fromSource ??= bundleViewer();
    return await fromSource;
  } catch (error) {
    fromSource = null;
    if (error instanceof MetacotError) throw error;
    throw new MetacotError(`the viewer page is not built (${join(BUNDLE_DIR, BUNDLE_JS)} is missing) and could not be bundled from source: ${(error as Error).message.split('\n')[0]}; run 'npm run build'`, { cause: error });
  }
}
