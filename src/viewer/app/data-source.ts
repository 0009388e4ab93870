import { inflateSync } from 'fflate';
import { TREE_ENCODING, type TreePayload, type ViewerIndex } from '../viewer-data.js';

/** Where the page gets its data: embedded in the page (`--out`) or from the local server. */
export interface DataSource {
  index(): Promise<ViewerIndex>;
  tree(index: number): Promise<TreePayload>;
}

/** base64 text to bytes (atob gives one char per byte). */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Trees are embedded one element each, compressed: opening a problem inflates and parses
 * only its tree, so a page holding a whole run opens as fast as one holding a single tree.
 */
export function embeddedSource(doc: Document): DataSource | null {
  const indexEl = doc.getElementById('metacot-index');
  if (!indexEl) return null;
  return {
    index: async () => JSON.parse(indexEl.textContent ?? '') as ViewerIndex,
    tree: async (i) => {
      const el = doc.getElementById(`metacot-tree-${i}`);
      if (!el) throw new Error(`problem ${i} is not embedded in this page`);
      const encoding = el.getAttribute('data-encoding');
      if (encoding !== TREE_ENCODING) throw new Error(`problem ${i} is stored as '${encoding}', which this page cannot read`);
      return JSON.parse(new TextDecoder().decode(inflateSync(fromBase64(el.textContent ?? '')))) as TreePayload;
    },
  };
}

/** Same-origin requests to the loopback server that served the page. */
export function serverSource(): DataSource {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(path);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { index: () => get<ViewerIndex>('api/index'), tree: (i) => get<TreePayload>(`api/trees/${i}`) };
}
