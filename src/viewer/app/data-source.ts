import type { TreePayload, ViewerIndex } from '../viewer-data.js';

/** Where the page gets its data: embedded in the page (`--out`) or from the local server. */
export interface DataSource {
  index(): Promise<ViewerIndex>;
  tree(index: number): Promise<TreePayload>;
}

/** Trees are embedded one script element each, so opening a problem parses only its tree. */
export function embeddedSource(doc: Document): DataSource | null {
  const indexEl = doc.getElementById('metacot-index');
  if (!indexEl) return null;
  return {
    index: async () => JSON.parse(indexEl.textContent ?? '') as ViewerIndex,
    tree: async (i) => {
      const el = doc.getElementById(`metacot-tree-${i}`);
      if (!el) throw new Error(`problem ${i} is not embedded in this page`);
      return JSON.parse(el.textContent ?? '') as TreePayload;
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
