import { writeFile } from 'node:fs/promises';
import type { ViewerAssets } from './bundle-viewer.js';
import { viewerPage } from './viewer-page.js';
import type { ViewerSource } from './viewer-source.js';

/**
 * Writes the self-contained page (`metacot view --out FILE`): script, styles and every
 * problem's tree in one HTML file that opens from disk with no server and no network.
 * Problems whose tree cannot be read are listed but left out. Returns what it embedded.
 */
export async function writeViewerHtml(
  source: ViewerSource,
  assets: ViewerAssets,
  file: string,
  options: { problems?: readonly number[] } = {},
): Promise<{ bytes: number; embedded: number; skipped: string[] }> {
  const wanted = options.problems ?? source.index.problems.map((p) => p.index);
  const trees = new Map<number, string>();
  const skipped: string[] = [];
  for (const i of wanted) {
    try {
      trees.set(i, JSON.stringify(await source.payload(i)));
    } catch (error) {
      skipped.push(`${source.index.problems[i]?.id ?? i}: ${(error as Error).message}`);
    }
  }
  const index = { ...source.index, problems: source.index.problems.filter((p) => trees.has(p.index)) };
  const html = viewerPage(assets, source.index.title, { index, trees });
  await writeFile(file, html);
  return { bytes: Buffer.byteLength(html), embedded: trees.size, skipped };
}
