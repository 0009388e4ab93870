import { fileURLToPath } from 'node:url';
import { MetacotError } from '../core/errors.js';

/** The page's script and stylesheet, as text to inline into the HTML. */
export interface ViewerAssets {
  js: string;
  css: string;
}

/** The package root, from either src/viewer/ (tsx, tests) or dist/viewer/ (built). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const APP_SOURCE_DIR = fileURLToPath(new URL('../../src/viewer/app/', import.meta.url));

/**
 * Bundles the page from src/viewer/app with esbuild: one minified script (d3-hierarchy
 * included) and one stylesheet, nothing left to fetch. `npm run build` calls this and
 * writes the result to dist/viewer/; tests call it to exercise the current source.
 */
export async function bundleViewer(options: { minify?: boolean } = {}): Promise<ViewerAssets> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new MetacotError(`the viewer bundle is missing and esbuild is not installed to build it; run 'npm run build' in a development checkout`, { cause: error });
  }
  const result = await esbuild.build({
    entryPoints: [`${APP_SOURCE_DIR}main.ts`, `${APP_SOURCE_DIR}viewer.css`],
    bundle: true,
    minify: options.minify ?? true,
    format: 'iife',
    target: ['chrome110', 'firefox115', 'safari16'],
    write: false,
    outdir: 'viewer-out',
    logLevel: 'silent',
    legalComments: 'eof',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js || !css) throw new MetacotError('esbuild produced no viewer script or stylesheet');
  return { js: js.text, css: css.text };
}
