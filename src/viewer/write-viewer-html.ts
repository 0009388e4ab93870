import { open, rename, rm } from 'node:fs/promises';
import type { ViewerAssets } from './bundle-viewer.js';
import { indexElement, treeElement, viewerPageHead, viewerPageTail } from './viewer-page.js';
import type { ViewerSource } from './viewer-source.js';

/**
 * Writes the self-contained page (`metacot view --out FILE`): script, styles and every
 * problem's tree in one HTML file that opens from disk with no server and no network.
 * The file is written problem by problem (one payload in memory at a time, each stored
 * compressed and inflated by the page only when opened), so a run of any size fits; it
 * appears under its name only once complete. Problems whose tree cannot be read are
 * listed but left out. Returns what it embedded.
 */
export async function writeViewerHtml(
  source: ViewerSource,
  assets: ViewerAssets,
  file: string,
  options: { problems?: readonly number[] } = {},
): Promise<{ bytes: number; embedded: number; skipped: string[] }> {
  const wanted = options.problems ?? source.index.problems.map((p) => p.index);
  const embedded = new Set<number>();
  const skipped: string[] = [];
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await handle.write(text);
  };
  try {
    await write(viewerPageHead(assets, source.index.title, false));
    for (const i of wanted) {
      let element: string;
      try {
        element = treeElement(i, JSON.stringify(await source.payload(i)));
      } catch (error) {
        skipped.push(`${source.index.problems[i]?.id ?? i}: ${(error as Error).message}`);
        continue;
      }
      await write(element);
      embedded.add(i);
    }
    await write(indexElement({ ...source.index, problems: source.index.problems.filter((p) => embedded.has(p.index)) }));
    await write(viewerPageTail(assets));
    await handle.close();
    await rename(partial, file);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
  return { bytes, embedded: embedded.size, skipped };
}
